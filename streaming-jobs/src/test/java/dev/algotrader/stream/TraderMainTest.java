package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.config.AppConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraderMain runs inside a Flink JobManager under REST submission: a bad argument is an exception
 * the client reports, never {@code System.exit} (which would take the JobManager down; had it
 * exited, this test JVM would be gone).
 */
class TraderMainTest {

    @Test
    void anUnknownOptionThrowsAClearErrorInsteadOfExiting() {
        assertThatThrownBy(() -> TraderMain.main(new String[] {"paper-run", "--frobnicate"}))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageStartingWith(
                        "trader: unknown option '--frobnicate'; usage: paper-once|paper-run");
    }

    @Test
    void aMissingModeOrValueThrowsToo() {
        assertThatThrownBy(() -> TraderMain.run(new String[0]))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageContaining("no mode given");
        assertThatThrownBy(() -> TraderMain.run(new String[] {"trade"}))
                .hasMessageContaining("unknown mode 'trade'");
        assertThatThrownBy(() -> TraderMain.run(new String[] {"paper-run", "--env"}))
                .hasMessageContaining("--env needs a value");
        assertThatThrownBy(() -> TraderMain.run(new String[] {"paper-run", "--set", "novalue"}))
                .hasMessageContaining("--set needs KEY=VALUE");
        assertThatThrownBy(() -> TraderMain.run(new String[] {"paper-run", "--source", "ftp"}))
                .hasMessageContaining("--source must be replay, alpaca, coingecko or kafka");
    }

    @Test
    void tradeFromTakesEpochMsOrAnInstantAndIsOffByDefault() {
        assertThat(TraderMain.parse(new String[] {"paper-once"}).options().tradeFromMs())
                .isEqualTo(TraderSettings.TRADE_ALL);
        assertThat(
                        TraderMain.parse(
                                        new String[] {
                                            "paper-once", "--trade-from", "1385424000000"
                                        })
                                .options()
                                .tradeFromMs())
                .isEqualTo(1385424000000L);
        assertThat(
                        TraderMain.parse(
                                        new String[] {
                                            "paper-run", "--trade-from", "2013-11-26T00:00:00Z"
                                        })
                                .options()
                                .tradeFromMs())
                .isEqualTo(1385424000000L);
        assertThatThrownBy(() -> TraderMain.parse(new String[] {"paper-once", "--trade-from", "x"}))
                .hasMessageContaining("--trade-from needs epoch ms or an ISO instant");
    }

    @Test
    void homeAndSetGiveTheJobTheCliSPathsWhateverItsWorkingDirectory() {
        TraderMain.Invocation inv =
                TraderMain.parse(
                        new String[] {
                            "paper-run",
                            "--home",
                            "/srv/at",
                            "--bars",
                            "inbox/x.jsonl",
                            "--set",
                            "algotrader.trader.run-id=live-1",
                            "--set",
                            "algotrader.trader.out-dir=/shared/out"
                        });
        assertThat(inv.home().dir()).contains(Path.of("/srv/at"));
        assertThat(inv.options().bars()).isEqualTo(Path.of("/srv/at/inbox/x.jsonl"));
        AppConfig cfg = AppConfig.load(inv.env(), null, inv.config(), inv.home(), inv.overrides());
        assertThat(cfg.area("trader").getString("run-id")).isEqualTo("live-1");
        assertThat(cfg.path("algotrader.trader.out-dir")).isEqualTo(Path.of("/shared/out"));
        assertThat(cfg.path("algotrader.trader.state-dir"))
                .isEqualTo(Path.of("/srv/at/data/trader/state"));
        assertThatThrownBy(() -> TraderMain.parse(new String[] {"paper-run", "--home", "rel"}))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("must be an absolute path");
        assertThatThrownBy(
                        () ->
                                TraderMain.run(
                                        new String[] {
                                            "paper-once",
                                            "--home",
                                            "/srv/at",
                                            "--set",
                                            "algotrader.nope=1"
                                        }))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("algotrader.nope (in --set)");
    }

    @Test
    void confDirGivesTheJobTheSiteConfigurationTheCliRead(@TempDir Path site) throws Exception {
        // a JobManager does not have the submitting shell's ALGOTRADER_CONF_DIR: the CLI sends it
        java.nio.file.Files.writeString(
                site.resolve("paper.conf"), "algotrader.trader.replay-speed = 1200\n");
        TraderMain.Invocation inv =
                TraderMain.parse(
                        new String[] {
                            "paper-run",
                            "--env",
                            "paper",
                            "--home",
                            "/srv/at",
                            "--conf-dir",
                            site.toString()
                        });
        assertThat(inv.confDir()).isEqualTo(site);
        AppConfig cfg =
                AppConfig.load(inv.env(), inv.confDir(), inv.config(), inv.home(), inv.overrides());
        assertThat(cfg.area("trader").getDouble("replay-speed")).isEqualTo(1200.0);
        assertThat(cfg.confDir()).contains(site);
        assertThatThrownBy(
                        () ->
                                TraderMain.run(
                                        new String[] {
                                            "paper-run",
                                            "--home",
                                            "/srv/at",
                                            "--conf-dir",
                                            "/no/such/conf"
                                        }))
                .isInstanceOf(AppConfig.ConfigError.class)
                .hasMessageContaining("does not exist");
    }
}
