package dev.algotrader.ml;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.data.TrainingSetLoader;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/algo-trader forecast}: the Forecaster on its own, without the tree search. The
 * sequence models of {@code algotrader.forecaster.models} (LSTM, attention) with walk-forward
 * validation on the research split, then each model evaluated once on the holdout, tracked,
 * registered and put through the champion rule, as in {@code auto-train}. The stacked ensemble is
 * not built: it stacks the selected tree model with the sequence models ({@code auto-train}).
 */
public final class Forecasting {

    private Forecasting() {}

    /**
     * What {@code forecast} produced.
     *
     * @param published the sequence models, in {@code algotrader.forecaster.models} order
     */
    public record ForecastResult(
            String symbol,
            String interval,
            long rows,
            int folds,
            int holdoutBars,
            List<ForecasterTracking.Published> published,
            String trackingLocation) {

        /** Walk-forward and holdout figures per model, as printed by the CLI. */
        public String render() {
            StringBuilder sb = new StringBuilder();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "forecast %s %s — %,d labelled bars, %d walk-forward folds, holdout %,d"
                                    + " bars%n%n",
                            symbol,
                            interval,
                            rows,
                            folds,
                            holdoutBars));
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s %4s %11s %8s %11s %8s %11s  %s%n",
                            "model",
                            "ver",
                            "wf_logloss",
                            "wf_auc",
                            "h_logloss",
                            "h_auc",
                            "h_prior_ll",
                            "promotion"));
            for (ForecasterTracking.Published p : published) {
                Map<String, Double> m = p.metrics();
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "%-10s %4s %11.4f %8.4f %11.4f %8.4f %11.4f  %s%n",
                                p.modelType(),
                                p.version(),
                                m.getOrDefault("cv_mean_log_loss", Double.NaN),
                                m.getOrDefault("cv_mean_auc", Double.NaN),
                                m.getOrDefault("holdout_log_loss", Double.NaN),
                                m.getOrDefault("holdout_auc", Double.NaN),
                                m.getOrDefault("holdout_prior_log_loss", Double.NaN),
                                p.decision().summary()));
            }
            sb.append(String.format(Locale.ROOT, "%ntracking: %s%n", trackingLocation));
            return sb.toString();
        }
    }

    /** Runs the Forecaster on the configured (or requested) series; symbol/interval/seed apply. */
    public static ForecastResult forecast(
            SparkSession spark, AppConfig app, TrainRequest req, EventLog events) {
        ResearchConfig cfg = ResearchConfig.from(app);
        try (TrackingStore store = Tracking.open(cfg.mlflow(), null, Clock.systemUTC())) {
            return forecast(spark, app, req, events, store);
        }
    }

    /** {@link #forecast} against a given tracking store. */
    public static ForecastResult forecast(
            SparkSession spark,
            AppConfig app,
            TrainRequest req,
            EventLog events,
            TrackingStore store) {
        ResearchConfig cfg = ResearchConfig.from(app);
        if (ForecasterConfig.from(app).models().isEmpty()) {
            throw new ResearchException(
                    "algotrader.forecaster.models is empty: no sequence model to train (set it"
                            + " to [\"lstm\", \"attention\"] or a part of it)");
        }
        String symbol = req.symbol() == null ? cfg.symbol() : req.symbol();
        String interval = req.interval() == null ? cfg.interval() : req.interval();
        long seed = req.seed() == null ? cfg.seed() : req.seed();
        Progress.step("load the training set (silver/features + gold/labels)");
        TrainingSet ts =
                TrainingSetLoader.load(
                        spark,
                        new TrainingSetLoader.Request(
                                app.dataRoot(),
                                symbol,
                                interval,
                                TrainingRun.horizonBars(app, cfg, interval),
                                TrainingRun.featureSet(app),
                                req.featuresVersion(),
                                req.labelsVersion()));
        Path work = ModelArtifacts.tempDir("algotrader-forecast-");
        try {
            TrainingRun.checkTrainable(ts);
            ForecasterJob.Outcome out =
                    ForecasterJob.run(app, ts, null, null, new Registry(store, events), work, seed);
            var split = out.result().split();
            return new ForecastResult(
                    symbol,
                    interval,
                    ts.size(),
                    split.folds().size(),
                    split.holdout().to() - split.holdout().from(),
                    out.published(),
                    store.describe());
        } catch (IllegalArgumentException e) {
            // a split or forecaster setting that does not fit the data: one line, no stack
            throw new ResearchException("forecast: " + e.getMessage(), e);
        } finally {
            ModelArtifacts.deleteQuietly(work);
            ts.rows().unpersist();
        }
    }
}
