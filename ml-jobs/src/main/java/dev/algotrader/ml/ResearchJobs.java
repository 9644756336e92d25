package dev.algotrader.ml;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.ml.model.ModelKind;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Entry points of the Researcher: {@code train} (one model) and {@code autoTrain} (search over RF
 * and GBT, then the sequence models), both ending with holdout evaluation, registration of a new
 * version and the promotion rule; {@code models} and {@code promote} read and move the registry.
 *
 * <p>Flow of a run ({@link TrainingRun}): training set ({@link
 * dev.algotrader.ml.data.TrainingSetLoader}) → {@link CandidateSearch} (walk-forward folds over the
 * selection region, purge and embargo = label horizon unless configured) → {@link
 * HoldoutEvaluation} (best candidate refit on the whole selection region, evaluated once on the
 * holdout, portable export checked against Spark) → {@link ModelArtifacts} → {@link
 * ChampionPromotion} → holdout board → (auto-train) {@link SequenceModelStep}.
 */
public final class ResearchJobs {

    /** The run's HTML report artifact (and file name under the reports folder). */
    public static final String REPORT_ARTIFACT = "report.html";

    private ResearchJobs() {}

    /** {@code bin/algo-trader train}: one model with default (or given) hyperparameters. */
    public static TrainResult train(
            SparkSession spark, AppConfig app, TrainRequest req, EventLog events) {
        ResearchConfig cfg = ResearchConfig.from(app);
        try (TrackingStore store = Tracking.open(cfg.mlflow(), null, Clock.systemUTC())) {
            return train(spark, app, req, events, store);
        }
    }

    /** {@link #train} against a given tracking store. */
    public static TrainResult train(
            SparkSession spark,
            AppConfig app,
            TrainRequest req,
            EventLog events,
            TrackingStore store) {
        ResearchConfig cfg = ResearchConfig.from(app);
        ModelKind kind = ModelKind.parse(req.model() == null ? cfg.model() : req.model());
        ModelSpec spec = ModelSpec.defaults(kind).with(req.params());
        return TrainingRun.run(spark, app, cfg, req, events, store, "train", List.of(spec));
    }

    /** {@code bin/algo-trader auto-train}: grid or random search over every configured model. */
    public static TrainResult autoTrain(
            SparkSession spark, AppConfig app, TrainRequest req, EventLog events) {
        ResearchConfig cfg = ResearchConfig.from(app);
        try (TrackingStore store = Tracking.open(cfg.mlflow(), null, Clock.systemUTC())) {
            return autoTrain(spark, app, req, events, store);
        }
    }

    /** {@link #autoTrain} against a given tracking store. */
    public static TrainResult autoTrain(
            SparkSession spark,
            AppConfig app,
            TrainRequest req,
            EventLog events,
            TrackingStore store) {
        ResearchConfig cfg = ResearchConfig.from(app);
        String method = req.search() == null ? cfg.search().method() : req.search();
        int trials = req.trials() == null ? cfg.search().trials() : req.trials();
        long seed = req.seed() == null ? cfg.seed() : req.seed();
        List<String> kinds = req.models() == null ? cfg.search().models() : req.models();
        List<ModelSpec> specs = new ArrayList<>();
        for (String k : kinds) {
            ModelKind kind = ModelKind.parse(k);
            switch (method.toLowerCase(Locale.ROOT)) {
                case "grid" -> specs.addAll(TreeModels.grid(kind));
                case "random" -> specs.addAll(TreeModels.random(kind, trials, seed));
                default ->
                        throw new ResearchException(
                                "unknown search method '" + method + "': use grid or random");
            }
        }
        return TrainingRun.run(spark, app, cfg, req, events, store, "auto-train", specs);
    }

    /**
     * {@code bin/algo-trader models [--model M]}: every version with aliases and metrics, as the
     * terminal table ({@code model} null = all registered models).
     */
    public static String models(AppConfig app, String model, EventLog events) {
        ResearchConfig cfg = ResearchConfig.from(app);
        try (TrackingStore store = Tracking.open(cfg.mlflow(), null, Clock.systemUTC())) {
            return Registry.render(new Registry(store, events).models(model));
        }
    }

    /**
     * {@code bin/algo-trader promote --model M --version N [--alias A]}: manual promotion (no
     * rule), audited as {@code model.promoted} with {@code manual: true}; returns one line.
     */
    public static String promote(
            AppConfig app, String model, String version, String alias, EventLog events) {
        ResearchConfig cfg = ResearchConfig.from(app);
        String a = alias == null || alias.isBlank() ? cfg.promotion().alias() : alias;
        try (TrackingStore store = Tracking.open(cfg.mlflow(), null, Clock.systemUTC())) {
            RegisteredVersion v = new Registry(store, events).promote(model, version, a);
            return "@" + a + " -> " + model + " v" + v.version() + " (run " + v.runId() + ")";
        }
    }

    /** Where the HTML report of the train/auto-train run {@code runId} is written. */
    public static Path reportFile(AppConfig app, String runId) {
        return ModelArtifacts.reportFile(app, runId);
    }

    static String iso(long ts) {
        return Instant.ofEpochMilli(ts).toString();
    }
}
