package dev.algotrader.ml.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.core.report.BacktestReport;
import dev.algotrader.ml.tracking.FakeMlflowServer;
import dev.algotrader.ml.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model backtest's report and summary land in the model's run as artifacts and its headline
 * metrics as {@code backtest.*} metrics and tags, in the local file store and through the REST API
 * + artifact proxy of an MLflow server.
 */
class BacktestTrackingTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir Path tmp;
    private FakeMlflowServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeMlflowServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private TrackingStore store(String kind) {
        return server.store(kind, tmp.resolve("mlruns"), CLOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "http"})
    void reportSummaryAndMetricsAreLoggedToTheModelRun(String kind) throws Exception {
        TrackingStore s = store(kind);
        String run = s.startRun(s.experiment("algo-trader BTC/USD 1m"), "train", Map.of());
        s.endRun(run, TrackingStore.RunStatus.FINISHED); // a trained model's run is finished

        BacktestResult r =
                Backtester.run(
                        BacktestConfig.fromHocon(
                                "algotrader.backtest { strategy = sma-cross, strategies.sma-cross"
                                        + " { fast = 3, slow = 8 } }"),
                        "backtest-42",
                        SyntheticBars.generate("BTC/USD", "1m", 600, 5),
                        Predictions.none());
        Path dir = BacktestReport.folder(tmp.resolve("reports"), r.runId());
        BacktestReport.write(r, dir);

        String art = BacktestTracking.log(s, run, r, dir);

        assertThat(art).isEqualTo("backtest/backtest-42");
        assertThat(s.downloadArtifact(run, art + "/report.html"))
                .isEqualTo(Files.readAllBytes(dir.resolve("report.html")));
        assertThat(s.downloadArtifact(run, art + "/summary.json"))
                .isEqualTo(Files.readAllBytes(dir.resolve("summary.json")));
        Map<String, Double> m = s.runMetrics(run);
        assertThat(m.get("backtest.total_return")).isEqualTo(r.metrics().totalReturn());
        assertThat(m.get("backtest.final_equity")).isEqualTo(r.metrics().finalEquity());
        assertThat(m.get("backtest.max_drawdown")).isEqualTo(r.metrics().maxDrawdown());
        assertThat(m.get("backtest.trades")).isEqualTo((double) r.metrics().trades());
        assertThat(m).containsKeys("backtest.sharpe", "backtest.buy_and_hold_return");
        assertThat(s.runTags(run))
                .containsEntry("backtest.run_id", "backtest-42")
                .containsEntry("backtest.strategy", "sma-cross")
                .containsEntry("backtest.report", "backtest/backtest-42/report.html")
                .containsEntry("backtest.order_list_sha256", r.orderListHash());
        if (kind.equals("http")) {
            assertThat(server.requests())
                    .contains(
                            "PUT /api/2.0/mlflow-artifacts/artifacts/"
                                    + s.artifactUri(run).replaceFirst("^mlflow-artifacts:/", "")
                                    + "/backtest/backtest-42/report.html");
        }
    }
}
