package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paper-once} end to end through the file hand-off: two runs over a growing bar export (the
 * second processes only what is new, continuing from the saved feature-engine and kernel state)
 * write exactly the orders, fills and positions of one run over everything.
 */
class PaperOnceIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    AppConfig config(Path dir) {
        return AppConfig.withOverrides(
                String.join(
                        "\n",
                        "algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + dir.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"\"",
                        "algotrader.backtest.strategy = \"sma-cross\""));
    }

    static List<String> lines(Path dir, String table) throws Exception {
        List<String> out = new ArrayList<>();
        Path d = dir.resolve("out").resolve(table);
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.sorted().toList()) out.addAll(Files.readAllLines(f));
        }
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void twoIncrementalRunsEqualOneRunOverEverything() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 3000);
        TraderRunner.Options o = TraderRunner.Options.defaults();

        Path once = tmp.resolve("once");
        BarFiles.writeJsonl(once.resolve("inbox/bars.jsonl"), bars);
        JobSummary all = TraderRunner.paperOnce(config(once), o);
        assertThat(all.rowsIn()).isEqualTo(3000);

        Path inc = tmp.resolve("inc");
        BarFiles.writeJsonl(inc.resolve("inbox/bars.jsonl"), bars.subList(0, 1700));
        JobSummary first = TraderRunner.paperOnce(config(inc), o);
        assertThat(first.rowsIn()).isEqualTo(1700);
        assertThat(inc.resolve("state/BTC_USD.state")).exists();
        BarFiles.writeJsonl(inc.resolve("inbox/bars.jsonl"), bars);
        JobSummary second = TraderRunner.paperOnce(config(inc), o);
        assertThat(second.rowsIn()).as("only the new bars").isEqualTo(1300);

        assertThat(lines(once, "orders")).isNotEmpty();
        for (String table : List.of("orders", "fills", "positions", "equity")) {
            assertThat(lines(inc, table)).as(table).isEqualTo(lines(once, table));
        }
        JobSummary third = TraderRunner.paperOnce(config(inc), o);
        assertThat(third.rowsIn()).isZero();
        assertThat(third.details().get("note").toString()).startsWith("no new bars since BTC/USD");
    }

    @Test
    void aStoppedTraderRefusesToRunWithAClearMessage() {
        Path dir = tmp.resolve("stopped");
        new ControlFile(dir.resolve("control.json"))
                .write(new ControlState(ControlState.Mode.STOPPED, false, "test", ""));
        assertThatThrownBy(
                        () -> TraderRunner.paperOnce(config(dir), TraderRunner.Options.defaults()))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageContaining("algo-trader trader start");
    }

    @Test
    void liveTradingNeedsTheFlagTheEnvironmentAndTheConfirmation() {
        AppConfig cfg = config(tmp.resolve("live"));
        assertThatThrownBy(
                        () ->
                                TraderRunner.brokerFactory(
                                        cfg,
                                        TraderRunner.Options.defaults()
                                                .withBroker("alpaca")
                                                .withLive(true)))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageContaining("live-confirm");
        assertThatThrownBy(
                        () ->
                                TraderRunner.brokerFactory(
                                        cfg, TraderRunner.Options.defaults().withLive(true)))
                .hasMessageContaining("--broker alpaca");
    }
}
