package dev.algotrader.ml.predict;

import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.ml.tracking.TrackingException;
import dev.algotrader.ml.tracking.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs a backtest that used a model to that model's MLflow run: the report folder's {@code
 * report.html} and {@code summary.json} as artifacts under {@code backtest/<backtest run id>/}, the
 * headline metrics as metrics named {@code backtest.<metric>} and the run's identity as tags {@code
 * backtest.*} (the latest backtest wins the tags; every backtest keeps its artifacts).
 */
public final class BacktestTracking {

    /** Prefix of every metric and tag this class writes. */
    public static final String PREFIX = "backtest.";

    private BacktestTracking() {}

    /** Artifact folder of backtest {@code backtestRunId} inside the model run. */
    public static String artifactDir(String backtestRunId) {
        return "backtest/" + backtestRunId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The metrics logged: finite values only (MLflow stores no NaN). */
    public static Map<String, Double> metrics(BacktestResult r) {
        PerformanceMetrics m = r.metrics();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(PREFIX + "total_return", m.totalReturn());
        out.put(PREFIX + "buy_and_hold_return", m.buyHoldReturn());
        out.put(PREFIX + "excess_return", m.totalReturn() - m.buyHoldReturn());
        out.put(PREFIX + "sharpe", m.sharpe());
        out.put(PREFIX + "sortino", m.sortino());
        out.put(PREFIX + "max_drawdown", m.maxDrawdown());
        out.put(PREFIX + "calmar", m.calmar());
        out.put(PREFIX + "cagr", m.cagr());
        out.put(PREFIX + "final_equity", m.finalEquity());
        out.put(PREFIX + "trades", (double) m.trades());
        out.put(PREFIX + "win_rate", m.winRate());
        out.put(PREFIX + "profit_factor", m.profitFactor());
        out.put(PREFIX + "exposure", m.exposure());
        out.put(PREFIX + "turnover", m.turnover());
        out.put(PREFIX + "fees_paid", m.feesPaid());
        out.put(PREFIX + "orders", (double) r.orders().size());
        out.values().removeIf(v -> v == null || !Double.isFinite(v));
        return out;
    }

    /**
     * Uploads {@code reportDir}/report.html and summary.json to {@code modelRunId} and logs the
     * metrics and tags; returns the artifact folder.
     */
    public static String log(
            TrackingStore store, String modelRunId, BacktestResult r, Path reportDir) {
        String dir = artifactDir(r.runId());
        for (String f : new String[] {"report.html", "summary.json"}) {
            Path p = reportDir.resolve(f);
            try {
                store.uploadArtifact(modelRunId, dir + "/" + f, Files.readAllBytes(p));
            } catch (IOException e) {
                throw new TrackingException(
                        "cannot read the backtest report " + p + ": " + e.getMessage(), e);
            }
        }
        store.logMetrics(modelRunId, metrics(r), 0);
        PerformanceMetrics m = r.metrics();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PREFIX + "run_id", r.runId());
        tags.put(PREFIX + "strategy", r.config().strategy());
        tags.put(PREFIX + "symbols", String.join(",", r.symbols()));
        tags.put(PREFIX + "start", java.time.Instant.ofEpochMilli(m.startTs()).toString());
        tags.put(PREFIX + "end", java.time.Instant.ofEpochMilli(m.endTs()).toString());
        tags.put(PREFIX + "report", dir + "/report.html");
        tags.put(PREFIX + "order_list_sha256", r.orderListHash());
        store.setTags(modelRunId, tags);
        return dir;
    }
}
