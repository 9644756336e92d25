package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir Path tmp;

    @Test
    void helpListsUsageAndEveryCommandHasADescription() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("Usage: algo-trader");
        picocli.CommandLine cl = new picocli.CommandLine(new Main());
        cl.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            assertThat(sub.getCommandSpec().usageMessage().description())
                                    .as("description of %s", name)
                                    .isNotEmpty();
                            if (!name.equals("help")) {
                                assertThat(sub.getCommandSpec().optionsMap())
                                        .as("--help of %s", name)
                                        .containsKey("--help");
                            }
                        });
    }

    @Test
    void unknownCommandIsOneClearLineNonZeroAndAudited() {
        CliHarness cli = new CliHarness(tmp);
        int code = cli.run("frobnicate");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .startsWith("error: unknown command 'frobnicate'\n")
                .contains("run 'algo-trader --help' for usage");
        assertThat(cli.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(cli.eventTypes()).containsExactly("cli.usage-error");
    }

    @Test
    void aMistypedCommandGetsTheClosestCommandsSuggested() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("backtset")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).startsWith("error: unknown command 'backtset' (did you mean ");
        assertThat(cli.err().lines().findFirst().orElseThrow()).contains("backtest");
        CliHarness sub = new CliHarness(tmp);
        assertThat(sub.run("trader", "strat")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(sub.err())
                .contains("unknown command 'strat' (did you mean ")
                .contains("start")
                .contains("run 'algo-trader trader --help' for usage");
    }

    @Test
    void anUnreachableBrokerIsTheServiceUnavailableExitCode() {
        var down =
                new dev.algotrader.core.venue.broker.BrokerUnavailableException(
                        "Alpaca GET /v2/positions failed at https://paper-api.alpaca.markets");
        // as the trader's job fails: wrapped by Flink and the job runner
        Throwable wrapped = new RuntimeException("job failed", new IllegalStateException(down));
        assertThat(Main.brokerUnreachableIn(wrapped)).isSameAs(down);
        assertThat(Main.brokerUnreachableIn(new RuntimeException("other"))).isNull();
        assertThat(Main.EXIT_UNAVAILABLE).isEqualTo(3);
    }

    @Test
    void aLiveAlpacaUrlIsRefusedBeforeAnyWork() {
        CliHarness cli =
                new CliHarness(
                        tmp,
                        "algotrader.trader.alpaca.paper-url = \"https://API.alpaca.markets.:443\"",
                        Clock.systemUTC(),
                        Map.of());
        assertThat(cli.run("paper-once", "--broker", "alpaca")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .startsWith("error: refusing to connect to https://API.alpaca.markets.:443")
                .contains("--live --env live");
        assertThat(cli.err().lines()).hasSize(1);
    }

    @Test
    void unknownFlagIsOneClearLineNonZeroAndAudited() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("events", "--frob")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("--frob").doesNotContain("\tat ");
        assertThat(cli.events()).hasSize(1);
        assertThat(cli.events().get(0).path("details").path("error").asText()).contains("--frob");
    }

    @Test
    void unknownConfigKeyIsOneLineAndAuditedAtTheFallbackLocation() throws Exception {
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "algotrader.control.airflow.base-urll = \"http://x\"\n");
        Path events = tmp.resolve("fallback/events.jsonl");
        CliHarness cli =
                new CliHarness(
                        tmp,
                        "",
                        Clock.systemUTC(),
                        Map.of("ALGOTRADER_EVENTS_FILE", events.toString()));
        int code = cli.runRaw("--config", bad.toString(), "events");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("base-urll").contains("conf/base.conf");
        assertThat(Files.readString(events)).contains("command.failed").contains("base-urll");
    }

    @Test
    void missingConfigFileIsOneLine() throws Exception {
        Path events = tmp.resolve("fallback/events.jsonl");
        CliHarness cli =
                new CliHarness(
                        tmp,
                        "",
                        Clock.systemUTC(),
                        Map.of("ALGOTRADER_EVENTS_FILE", events.toString()));
        int code = cli.runRaw("--config", tmp.resolve("nope.conf").toString(), "events");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("nope.conf").contains("does not exist");
        assertThat(Files.readString(events)).contains("command.failed");
    }

    @Test
    void missingConfigKeyIsOneLineNonZeroAndAudited() throws Exception {
        Path confDir = Files.createDirectories(tmp.resolve("conf"));
        Path events = tmp.resolve("data/events.jsonl");
        Files.writeString(
                confDir.resolve("base.conf"),
                "algotrader { data-root = \""
                        + tmp.resolve("data")
                        + "\", events-file = \""
                        + events
                        + "\", reports-dir = \"r\" }\n");
        CliHarness cli = new CliHarness(tmp);
        int code = cli.runRaw("--conf-dir", confDir.toString(), "airflow", "status", "d", "r");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("missing configuration key").contains("control");
        assertThat(Files.readString(events)).contains("command.failed").contains("airflow status");
    }

    @Test
    void onlyAClusterModeSparkDriverIsNeverExited() {
        java.util.Properties p = new java.util.Properties();
        assertThat(Main.inClusterModeDriver(p)).as("the launcher").isFalse();
        p.setProperty("spark.submit.deployMode", "client");
        assertThat(Main.inClusterModeDriver(p)).as("spark-submit client mode").isFalse();
        p.setProperty("spark.submit.deployMode", "cluster");
        assertThat(Main.inClusterModeDriver(p)).as("spark-submit cluster mode").isTrue();
    }

    @Test
    void confDirThatDoesNotExistIsOneLineExitTwo() throws Exception {
        Path events = tmp.resolve("fallback/events.jsonl");
        CliHarness cli =
                new CliHarness(
                        tmp,
                        "",
                        Clock.systemUTC(),
                        Map.of("ALGOTRADER_EVENTS_FILE", events.toString()));
        Path missing = tmp.resolve("no/such/dir");
        int code = cli.runRaw("--conf-dir", missing.toString(), "status");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err())
                .startsWith("error: --conf-dir " + missing + " does not exist")
                .contains("base.conf");
        assertThat(Files.readString(events)).contains("command.failed");

        Path file = Files.writeString(tmp.resolve("base.conf"), "algotrader {}\n");
        assertThat(cli.runRaw("--conf-dir", file.toString(), "status"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("is a file, not a folder").contains("--config");

        Path empty = Files.createDirectories(tmp.resolve("empty-conf"));
        assertThat(cli.runRaw("--conf-dir", empty.toString(), "status"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("holds neither base.conf nor local.conf");
    }
}
