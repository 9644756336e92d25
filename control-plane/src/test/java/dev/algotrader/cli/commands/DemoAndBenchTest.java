package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} on the real sample data and {@code bench} on a tiny size. */
class DemoAndBenchTest {

    @TempDir Path tmp;

    @Test
    void demoRunsThePipelineOnTheSampleDataAndSaysWhereThingsAre() {
        CliHarness cli = new CliHarness(tmp, "", Clock.systemUTC(), Map.of());
        System.setProperty(
                "algotrader.sample-data",
                System.getProperty("sample.data.dir", "target/sample-data"));
        int code = cli.run("demo");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("ingest: 100,580 in, 9,979 out, 0 rejected")
                .contains("features: 9,979 in")
                .contains("labels: 9,979 in")
                .contains("Registered btc-usd_1m_trees version 1")
                .contains("backtest backtest-")
                .contains("sma-cross on BTC/USD: final equity 5,108.69")
                .contains("btc-usd_1m_trees v1 (gbt): ")
                .contains("model: btc-usd_1m_trees v1, ")
                .contains("the backtest starts there")
                .contains("logged to MLflow run ")
                .contains("merged into " + tmp.resolve("data/trading"))
                .contains("paper-once: 9,399 in")
                .contains("Delta tables : " + tmp.resolve("data").toAbsolutePath())
                .contains("MLflow store : " + tmp.resolve("mlruns").toAbsolutePath());
        // every step ran with the demo's --config: the tables are under the temp data root
        assertThat(tmp.resolve("data/silver/features/_delta_log")).isDirectory();
        assertThat(tmp.resolve("data/trading/orders/_delta_log")).isDirectory();
        assertThat(tmp.resolve("mlruns/models/btc-usd_1m_trees/aliases/champion")).hasContent("1");
        assertThat(tmp.resolve("data/gold/predictions/_delta_log")).isDirectory();
        // ingest, features, labels, train, backtest, predict, backtest, paper-once
        assertThat(cli.eventTypes()).filteredOn(e -> e.equals("job.end")).hasSize(8);
    }

    @Test
    void benchRunsEachBenchmarkInItsOwnJvm() {
        CliHarness cli = new CliHarness(tmp);
        int code = cli.run("bench", "--only", "FeatureBench", "--args", "FeatureBench=2 2000");
        assertThat(code).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("== FeatureBench").contains("ratio Spark/core");
        assertThat(cli.eventTypes()).containsExactly("bench.done");
    }

    @Test
    void unknownBenchmarkIsOneLine() {
        CliHarness cli = new CliHarness(tmp);
        assertThat(cli.run("bench", "--only", "Nope")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("unknown benchmark 'Nope'").contains("FeatureBench");
    }
}
