package dev.algotrader.ml;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.data.TimeSplits;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.data.TrainingSetLoader;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.dl.ForecasterJob;
import dev.algotrader.ml.dl.ForecasterRun;
import dev.algotrader.ml.dl.ForecasterScorers;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.eval.TradingView;
import dev.algotrader.ml.model.MlflowModelFormat;
import dev.algotrader.ml.model.ModelKind;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.PortableExport;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.ml.registry.PromotionDecision;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackedRun;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingException;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry points of the Researcher: {@code train} (one model) and {@code autoTrain} (search over RF
 * and GBT), both ending with holdout evaluation, registration of a new version and the promotion
 * rule. Runs are never left RUNNING: any failure marks the run FAILED and leaves the champion
 * untouched.
 *
 * <p>Flow: training set ({@link TrainingSetLoader}) → walk-forward folds over the selection region
 * (purge and embargo = label horizon unless configured) → per candidate the mean fold metric → best
 * candidate refit on the whole selection region → evaluation on the holdout (never seen before) →
 * portable export, checked against Spark on the holdout → artifacts, registration and the promotion
 * rule.
 */
public final class ResearchJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ResearchJobs.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double PARITY_TOLERANCE = 1e-9;

    /** Artifact paths of the evaluation plots. */
    /** The run's HTML report artifact (and file name under the reports folder). */
    public static final String REPORT_ARTIFACT = "report.html";

    public static final String ROC_ARTIFACT = "roc_curve.svg",
            CALIBRATION_ARTIFACT = "calibration.svg",
            IMPORTANCES_ARTIFACT = "feature_importances.svg";

    /** Bins of the reliability diagram. */
    public static final int CALIBRATION_BINS = 10;

    private ResearchJobs() {}

    /**
     * What to train; null fields take {@code algotrader.research} defaults.
     *
     * @param model rf or gbt (train only)
     * @param params hyperparameter overrides of {@code train} (MLlib names)
     * @param search grid or random (auto-train)
     * @param models model families of auto-train
     */
    public record TrainRequest(
            String symbol,
            String interval,
            String model,
            Map<String, String> params,
            Long seed,
            Long featuresVersion,
            Long labelsVersion,
            String search,
            Integer trials,
            String metric,
            List<String> models) {

        public TrainRequest {
            params = params == null ? Map.of() : Map.copyOf(params);
            models = models == null ? null : List.copyOf(models);
        }

        /** Everything from configuration. */
        public static TrainRequest defaults() {
            return new TrainRequest(
                    null, null, null, Map.of(), null, null, null, null, null, null, null);
        }

        public TrainRequest withModel(String m) {
            return new TrainRequest(
                    symbol,
                    interval,
                    m,
                    params,
                    seed,
                    featuresVersion,
                    labelsVersion,
                    search,
                    trials,
                    metric,
                    models);
        }

        public TrainRequest withParams(Map<String, String> p) {
            return new TrainRequest(
                    symbol,
                    interval,
                    model,
                    p,
                    seed,
                    featuresVersion,
                    labelsVersion,
                    search,
                    trials,
                    metric,
                    models);
        }

        public TrainRequest withSeed(Long s) {
            return new TrainRequest(
                    symbol,
                    interval,
                    model,
                    params,
                    s,
                    featuresVersion,
                    labelsVersion,
                    search,
                    trials,
                    metric,
                    models);
        }

        public TrainRequest withSeries(String sym, String iv) {
            return new TrainRequest(
                    sym,
                    iv,
                    model,
                    params,
                    seed,
                    featuresVersion,
                    labelsVersion,
                    search,
                    trials,
                    metric,
                    models);
        }

        public TrainRequest withVersions(Long features, Long labels) {
            return new TrainRequest(
                    symbol, interval, model, params, seed, features, labels, search, trials, metric,
                    models);
        }

        public TrainRequest withSearch(String method, Integer n, String m, List<String> kinds) {
            return new TrainRequest(
                    symbol,
                    interval,
                    model,
                    params,
                    seed,
                    featuresVersion,
                    labelsVersion,
                    method,
                    n,
                    m,
                    kinds);
        }
    }

    /** One candidate of the search with its walk-forward scores. */
    public record Candidate(
            ModelSpec spec,
            String runId,
            double[] foldScores,
            double mean,
            double std,
            double meanAuc,
            double meanLogLoss,
            double meanF1) {}

    /**
     * Holdout evaluation of the selected model against the baselines: {@code prior} predicts the
     * training UP rate for every bar; always-UP predicts UP everywhere (accuracy = UP share,
     * trading = buy-and-hold).
     */
    public record HoldoutReport(
            long fromTs,
            long toTs,
            BinaryMetrics model,
            BinaryMetrics prior,
            double alwaysUpAccuracy,
            TradingView trading,
            double portableMaxAbsDiff,
            boolean beatsPriorLogLoss,
            boolean beatsAlwaysUpAccuracy,
            boolean beatsBuyHold,
            String verdict) {}

    /** What a train/auto-train produced; {@link #render()} is the terminal output. */
    public record TrainResult(
            String command,
            String symbol,
            String interval,
            int horizonBars,
            String featureSet,
            long featuresVersion,
            long labelsVersion,
            long rows,
            int folds,
            String experimentId,
            String runId,
            String registeredModel,
            String version,
            Metric metric,
            List<Candidate> leaderboard,
            Candidate selected,
            HoldoutReport holdout,
            PromotionDecision promotion,
            String trackingLocation,
            HoldoutBoard board,
            List<ForecasterTracking.Published> sequenceModels,
            String champion,
            Map<String, String> plots,
            List<ModelPlots> modelPlots,
            String championVersion) {

        public TrainResult {
            sequenceModels = sequenceModels == null ? List.of() : List.copyOf(sequenceModels);
            modelPlots = modelPlots == null ? List.of() : List.copyOf(modelPlots);
            // in the order the plots were made (ROC, calibration, importances)
            plots =
                    plots == null
                            ? Map.of()
                            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plots));
        }

        /** The leaderboard, holdout block and registry line, as printed by the CLI. */
        public String render() {
            return Reports.render(this);
        }

        /** The plots of the model that is the champion after this run, if this run has them. */
        public java.util.Optional<ModelPlots> championPlots() {
            return modelPlots.stream().filter(m -> m.version().equals(championVersion)).findFirst();
        }

        TrainResult withSequenceModels(
                List<ForecasterTracking.Published> pub,
                String champ,
                List<ModelPlots> morePlots,
                String champVersion) {
            List<ModelPlots> all = new ArrayList<>(modelPlots);
            all.addAll(morePlots);
            return new TrainResult(
                    command,
                    symbol,
                    interval,
                    horizonBars,
                    featureSet,
                    featuresVersion,
                    labelsVersion,
                    rows,
                    folds,
                    experimentId,
                    runId,
                    registeredModel,
                    version,
                    metric,
                    leaderboard,
                    selected,
                    holdout,
                    promotion,
                    trackingLocation,
                    board,
                    pub,
                    champ,
                    plots,
                    all,
                    champVersion);
        }
    }

    /**
     * The holdout plots of one model of the run (or of the champion it was compared with).
     *
     * @param label what the model is, e.g. {@code gbt iter=40 depth=3} or {@code lstm}
     * @param version its registered version
     * @param svgs artifact name → SVG document (ROC, calibration, importances for trees)
     */
    public record ModelPlots(String label, String version, Map<String, String> svgs) {
        public ModelPlots {
            svgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(svgs));
        }
    }

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
        return run(spark, app, cfg, req, events, store, "train", List.of(spec));
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
        return run(spark, app, cfg, req, events, store, "auto-train", specs);
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
            TrackingStore.ModelVersion v = new Registry(store, events).promote(model, version, a);
            return "@" + a + " -> " + model + " v" + v.version() + " (run " + v.runId() + ")";
        }
    }

    // ---------------------------------------------------------------------------------------

    private static TrainResult run(
            SparkSession spark,
            AppConfig app,
            ResearchConfig cfg,
            TrainRequest req,
            EventLog events,
            TrackingStore store,
            String command,
            List<ModelSpec> specs) {
        String symbol = req.symbol() == null ? cfg.symbol() : req.symbol();
        String interval = req.interval() == null ? cfg.interval() : req.interval();
        long seed = req.seed() == null ? cfg.seed() : req.seed();
        Metric metric = Metric.parse(req.metric() == null ? cfg.search().metric() : req.metric());
        Metric promoMetric = Metric.parse(cfg.promotion().metric());
        int horizon = horizonBars(app, cfg, interval);
        FeatureSetSpec fs = featureSet(app);

        Progress.step("load the training set (silver/features + gold/labels)");
        TrainingSet ts =
                TrainingSetLoader.load(
                        spark,
                        new TrainingSetLoader.Request(
                                app.dataRoot(),
                                symbol,
                                interval,
                                horizon,
                                fs,
                                req.featuresVersion(),
                                req.labelsVersion()));
        // read (and so validate) the forecaster settings before the tree search, not after it
        boolean sequenceModels =
                command.equals("auto-train")
                        && cfg.autoTrainSequenceModels()
                        && !ForecasterConfig.from(app).models().isEmpty();
        try {
            TrainResult r =
                    runOn(spark, cfg, ts, events, store, command, specs, seed, metric, promoMetric);
            if (sequenceModels) r = withSequenceModels(app, ts, r, events, store, seed);
            writeReport(app, store, r);
            return r;
        } finally {
            ts.rows().unpersist();
        }
    }

    /**
     * The forecaster step of auto-train: sequence models and the ensemble (over the selected tree
     * version and the sequence models) on the same split, each tracked, registered and put through
     * the champion rule; then every model is added to the holdout board.
     */
    private static TrainResult withSequenceModels(
            AppConfig app,
            TrainingSet ts,
            TrainResult r,
            EventLog events,
            TrackingStore store,
            long seed) {
        Registry registry = new Registry(store, events);
        Path work;
        try {
            work = Files.createTempDirectory("algotrader-forecaster-");
        } catch (IOException e) {
            throw new ResearchException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        ForecasterJob.Outcome out;
        try {
            out =
                    ForecasterJob.run(
                            app, ts, r.selected().spec(), r.version(), registry, work, seed);
        } catch (RuntimeException e) {
            // the tree half is done and stays registered: say so, whatever failed afterwards
            String done =
                    "auto-train: the tree search finished ("
                            + r.registeredModel()
                            + " v"
                            + r.version()
                            + " registered, "
                            + (r.promotion().promoted() ? "promoted to @" : "not promoted to @")
                            + r.promotion().alias()
                            + ") but the sequence-model step failed";
            LOG.error("{}: {}", done, e.toString());
            if (e instanceof IllegalArgumentException) {
                throw new ResearchException(
                        done
                                + ": "
                                + e.getMessage()
                                + " (to train the trees only, set"
                                + " algotrader.research.auto-train.sequence-models = false)",
                        e);
            }
            throw e;
        } finally {
            deleteQuietly(work);
        }
        LOG.info(
                "auto-train: sequence models and ensemble took {} s wall, {} s process CPU",
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9),
                String.format(Locale.ROOT, "%.1f", (processCpuNanos() - cpu0) / 1e9));
        HoldoutBoard board = r.board();
        List<ModelPlots> seqPlots = new ArrayList<>();
        int from = out.result().split().holdout().from();
        for (int i = 0; i < out.published().size(); i++) {
            ForecasterTracking.Published pub = out.published().get(i);
            ForecasterRun.ModelReport rep = out.result().reports().get(i);
            double[] p = new double[board.bars()];
            java.util.Arrays.fill(p, Double.NaN);
            for (int k = 0; k < rep.holdoutIndex().length; k++) {
                int j = rep.holdoutIndex()[k] - from;
                if (j >= 0 && j < p.length) p[j] = rep.holdoutP()[k];
            }
            seqPlots.add(
                    new ModelPlots(
                            rep.modelType(),
                            pub.version(),
                            plots(
                                    rep.modelType() + " " + r.symbol() + " " + r.interval(),
                                    present(p),
                                    presentLabels(p, board.labels()),
                                    null)));
            try {
                board.add(
                        rep.modelType(),
                        rep.modelType(),
                        pub.version(),
                        rep.cvMeanLogLoss(),
                        p,
                        pub.decision().promoted() ? "promoted" : "");
            } catch (IllegalArgumentException e) {
                // a model that did not score every holdout bar is not comparable on this board
                board.skip(rep.modelType(), e.getMessage());
            }
        }
        String alias = ResearchConfig.from(app).promotion().alias();
        String champVersion = registry.aliasVersion(r.registeredModel(), alias).orElse(null);
        String champ =
                champVersion == null
                        ? null
                        : championLabel(store, r.registeredModel(), champVersion);
        return r.withSequenceModels(out.published(), champ, seqPlots, champVersion);
    }

    /** The probabilities that are not NaN (bars a sequence model could score). */
    private static double[] present(double[] p) {
        return java.util.Arrays.stream(p).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The labels of the bars {@link #present} keeps. */
    private static double[] presentLabels(double[] p, double[] y) {
        double[] out = new double[y.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) if (!Double.isNaN(p[i])) out[n++] = y[i];
        return java.util.Arrays.copyOf(out, n);
    }

    /** Where the HTML report of the train/auto-train run {@code runId} is written. */
    public static Path reportFile(AppConfig app, String runId) {
        return app.reportsDir().resolve("train").resolve(runId).resolve(REPORT_ARTIFACT);
    }

    /**
     * The run's HTML report ({@link TrainReportHtml}): under the reports folder, and as the run's
     * {@code report.html} artifact (written last, so an auto-train's includes the sequence models).
     */
    private static void writeReport(AppConfig app, TrackingStore store, TrainResult r) {
        Progress.step("write the HTML report");
        String html = TrainReportHtml.render(r);
        Path file = reportFile(app, r.runId());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ResearchException(
                    "cannot write the report " + file + ": " + e.getMessage(), e);
        }
        store.uploadArtifact(r.runId(), REPORT_ARTIFACT, html.getBytes(StandardCharsets.UTF_8));
        LOG.info("report: {}", file);
    }

    /** CPU time of this JVM (all threads, native ones included), or -1 when not available. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static String championLabel(TrackingStore store, String model, String version) {
        String type =
                store.modelVersion(model, version)
                        .map(v -> v.tags().getOrDefault("model_type", "?"))
                        .orElse("?");
        return model + " v" + version + " (" + type + ")";
    }

    /** The job on an already loaded training set (tests drive it directly). */
    static TrainResult runOn(
            SparkSession spark,
            ResearchConfig cfg,
            TrainingSet ts,
            EventLog events,
            TrackingStore store,
            String command,
            List<ModelSpec> specs,
            long seed,
            Metric metric,
            Metric promoMetric) {
        if (ts.size() == 0) {
            throw new ResearchException(
                    "the training set for "
                            + ts.symbol()
                            + " "
                            + ts.interval()
                            + " (horizon "
                            + ts.horizonBars()
                            + " bars, "
                            + ts.featureSet().id()
                            + ") is empty: no warm feature row has a label; run `bin/algo-trader"
                            + " features` and `bin/algo-trader labels` on more data");
        }
        if (ts.positives() == 0 || ts.positives() == ts.size()) {
            throw new ResearchException(
                    "the training set for "
                            + ts.symbol()
                            + " "
                            + ts.interval()
                            + " has a single class ("
                            + ts.size()
                            + " rows, "
                            + ts.positives()
                            + " UP): use more data, another horizon or a smaller dead band");
        }
        WalkForwardSplitter.Config splitCfg = cfg.validation().splitter(ts.horizonBars());
        WalkForwardSplitter.Split split;
        try {
            split = TimeSplits.split(ts.times(), splitCfg);
        } catch (IllegalArgumentException e) {
            throw new ResearchException(e.getMessage());
        }
        double[] labels = collectLabels(ts);
        for (WalkForwardSplitter.Fold f : split.folds()) {
            long pos = 0, n = 0;
            for (WalkForwardSplitter.Range r : f.train()) {
                for (int i = r.from(); i < r.to(); i++) {
                    pos += labels[i] > 0.5 ? 1 : 0;
                    n++;
                }
            }
            if (pos == 0 || pos == n) {
                throw new ResearchException(
                        "fold "
                                + f.index()
                                + " trains on a single class ("
                                + n
                                + " rows, "
                                + pos
                                + " UP): use more data or fewer folds");
            }
        }

        String modelName =
                ResearchConfig.registeredModelName(ts.symbol(), ts.interval(), cfg.strategy());
        String experiment = "algo-trader " + ts.symbol() + " " + ts.interval();
        Map<String, String> baseTags = new LinkedHashMap<>(ts.provenanceTags());
        String commit = gitCommit();
        baseTags.put("git.commit", commit);
        // the key MLflow's UI shows as the run's source version
        baseTags.put("mlflow.source.git.commit", commit);
        baseTags.put("seed", Long.toString(seed));
        baseTags.put("command", command);
        baseTags.put("registered_model", modelName);

        Map<String, Object> startDetails = new LinkedHashMap<>(baseTags);
        startDetails.put("candidates", specs.size());
        events.append(Registry.ACTOR, "train.start", command, startDetails);
        try (TrackedRun run = TrackedRun.start(store, experiment, command, baseTags)) {
            TrainResult r =
                    inRun(
                            spark,
                            cfg,
                            ts,
                            events,
                            store,
                            command,
                            specs,
                            seed,
                            metric,
                            promoMetric,
                            split,
                            labels,
                            modelName,
                            baseTags,
                            run);
            run.finish();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("model", r.registeredModel());
            d.put("version", r.version());
            d.put("promoted", r.promotion().promoted());
            events.append(Registry.ACTOR, "train.end", run.id(), d);
            return r;
        } catch (RuntimeException e) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("error", String.valueOf(e.getMessage()));
            try {
                events.append(Registry.ACTOR, "train.failed", command, d);
            } catch (RuntimeException ignored) {
                LOG.warn("could not write train.failed event", ignored);
            }
            throw e;
        }
    }

    private static TrainResult inRun(
            SparkSession spark,
            ResearchConfig cfg,
            TrainingSet ts,
            EventLog events,
            TrackingStore store,
            String command,
            List<ModelSpec> specs,
            long seed,
            Metric metric,
            Metric promoMetric,
            WalkForwardSplitter.Split split,
            double[] labels,
            String modelName,
            Map<String, String> baseTags,
            TrackedRun run) {
        Map<String, String> params = new LinkedHashMap<>();
        WalkForwardSplitter.Config sc = cfg.validation().splitter(ts.horizonBars());
        params.put("folds", Integer.toString(sc.folds()));
        params.put("fold_mode", sc.mode().name().toLowerCase(Locale.ROOT));
        params.put("holdout_fraction", Double.toString(sc.holdoutFraction()));
        params.put("purge_bars", Integer.toString(sc.purgeBars()));
        params.put("embargo_bars", Integer.toString(sc.embargoBars()));
        params.put("min_train_bars", Integer.toString(sc.minTrainBars()));
        params.put("selection_metric", metric.key());
        params.put("seed", Long.toString(seed));
        params.put("candidates", Integer.toString(specs.size()));
        params.put("rows", Long.toString(ts.size()));

        // 1. walk-forward scores of every candidate (selection region only)
        List<Candidate> board = new ArrayList<>();
        Progress.step(
                "walk-forward search over " + split.folds().size() + " folds",
                specs.size(),
                "candidates");
        Progress.rows(ts.size());
        for (ModelSpec spec : specs) {
            long started = System.nanoTime();
            String childId = null;
            if (specs.size() > 1) {
                Map<String, String> tags = new LinkedHashMap<>(baseTags);
                tags.put("mlflow.parentRunId", run.id());
                tags.put("model_type", spec.kind().id());
                childId = store.startRun(run.experimentId(), spec.shortLabel(), tags);
            }
            try {
                // train: the folds go to the run itself; auto-train: one nested run per candidate
                Candidate c =
                        crossValidate(
                                ts,
                                split,
                                spec,
                                seed,
                                metric,
                                store,
                                childId == null ? run.id() : childId);
                board.add(c);
                if (childId != null) store.endRun(childId, TrackingStore.RunStatus.FINISHED);
                Progress.advance(board.size());
                Progress.line(candidateLine(c, metric, board.size(), specs.size(), started));
            } catch (RuntimeException e) {
                if (childId != null) {
                    try {
                        store.endRun(childId, TrackingStore.RunStatus.FAILED);
                    } catch (RuntimeException ignored) {
                        LOG.warn("could not mark child run FAILED", ignored);
                    }
                }
                throw e;
            }
        }
        Comparator<Candidate> order = Comparator.comparingDouble(Candidate::mean);
        if (metric.higherIsBetter) order = order.reversed();
        List<Candidate> ranked = new ArrayList<>(board);
        ranked.sort(order);
        Candidate best = ranked.get(0);

        ModelSpec spec = best.spec();
        params.put("model_type", spec.kind().id());
        spec.params().forEach((k, v) -> params.put("model." + k, v));
        store.logParams(run.id(), params);
        if (specs.size() > 1) {
            // the winner's fold scores on the parent run too (step = fold index)
            for (int f = 0; f < best.foldScores().length; f++) {
                store.logMetrics(
                        run.id(), Map.of("cv_fold_" + metric.key(), best.foldScores()[f]), f);
            }
        }
        Map<String, Double> cvm = new LinkedHashMap<>();
        cvm.put("cv_mean", best.mean());
        cvm.put("cv_std", best.std());
        cvm.put("cv_mean_auc", best.meanAuc());
        cvm.put("cv_mean_log_loss", best.meanLogLoss());
        cvm.put("cv_mean_f1", best.meanF1());
        store.logMetrics(run.id(), cvm, 0);
        store.setTags(run.id(), Map.of("model_type", spec.kind().id(), "selected", spec.label()));

        // 2. refit on the whole selection region, evaluate once on the holdout
        Progress.step("refit " + spec.shortLabel() + " on the selection region, score the holdout");
        Dataset<Row> rows = ts.rows();
        long[] times = ts.times();
        Dataset<Row> selection =
                rows.filter(
                        TimeSplits.in(
                                times, new WalkForwardSplitter.Range(0, split.selectionEnd())));
        Dataset<Row> holdoutRows = rows.filter(TimeSplits.in(times, split.holdout()));
        PipelineModel model = TreeModels.pipeline(spec, ts.featureSet(), seed).fit(selection);
        Holdout h = predictHoldout(model, holdoutRows, ts.featureSet());
        double trainUpRate = 0;
        for (int i = 0; i < split.selectionEnd(); i++) trainUpRate += labels[i];
        trainUpRate /= split.selectionEnd();

        TreeEnsembleScorer portable =
                PortableExport.export(model, ts.featureSet(), modelName, run.id());
        double maxDiff = 0;
        for (int i = 0; i < h.p.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(portable.probabilityUp(h.x[i]) - h.p[i]));
        }
        if (!(maxDiff <= PARITY_TOLERANCE)) {
            throw new ResearchException(
                    "portable export disagrees with Spark on the holdout (max |Δp| = "
                            + maxDiff
                            + "): not registering; report this as a bug");
        }
        HoldoutReport report =
                holdoutReport(
                        h, trainUpRate, ts.horizonBars(), cfg.trading(), maxDiff, times, split);
        Map<String, Double> hm = new LinkedHashMap<>(report.model().asMap("holdout_"));
        hm.putAll(report.prior().asMap("holdout_prior_"));
        hm.put("holdout_always_up_accuracy", report.alwaysUpAccuracy());
        hm.putAll(report.trading().asMap("holdout_"));
        hm.put("portable_max_abs_diff", maxDiff);
        store.logMetrics(run.id(), hm, 0);
        store.setTags(
                run.id(),
                Map.of(
                        "holdout.from_ts", Long.toString(report.fromTs()),
                        "holdout.to_ts", Long.toString(report.toTs()),
                        "holdout.verdict", report.verdict()));

        // 3. artifacts: MLlib model, portable scorer, importances, evaluation report
        Progress.line(
                String.format(
                        Locale.ROOT,
                        "holdout (%s .. %s): log loss %.4f (prior %.4f), AUC %.3f, %s",
                        iso(report.fromTs()),
                        iso(report.toTs()),
                        report.model().logLoss(),
                        report.prior().logLoss(),
                        report.model().auc(),
                        report.verdict()));
        Progress.step("save the model, plots and evaluation to the tracking store");
        Map<String, String> svgPlots = new LinkedHashMap<>();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("algotrader-model-");
        } catch (IOException e) {
            throw new ResearchException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            Path sparkDir = tmp.resolve(MlflowModelFormat.SPARKML);
            try {
                model.write().overwrite().save(sparkDir.toString());
            } catch (IOException e) {
                throw new ResearchException("cannot save the MLlib model: " + e.getMessage(), e);
            }
            store.uploadArtifacts(run.id(), "model/" + MlflowModelFormat.SPARKML, sparkDir);
            byte[] portableJson = portable.toJson().getBytes(StandardCharsets.UTF_8);
            store.uploadArtifact(run.id(), Registry.PORTABLE_ARTIFACT, portableJson);
            // MLflow's model format: environment files and the MLmodel (spark flavor + signature)
            for (Map.Entry<String, String> f :
                    MlflowModelFormat.sparkEnvironment(spark.version()).entrySet()) {
                store.uploadArtifact(
                        run.id(),
                        "model/" + f.getKey(),
                        f.getValue().getBytes(StandardCharsets.UTF_8));
            }
            MlflowModelFormat.publish(
                    store,
                    run.id(),
                    "model",
                    MlflowModelFormat.sparkPipeline(
                            run.id(),
                            ts.featureSet(),
                            spec.kind().id(),
                            spark.version(),
                            MlflowModelFormat.sizeOf(sparkDir) + portableJson.length,
                            Clock.systemUTC()));
            Map<String, Double> imp = TreeModels.featureImportances(model, ts.featureSet());
            store.uploadArtifact(run.id(), "feature_importances.json", json(imp));
            // plots (self-contained SVG): ROC and reliability on the holdout, importances
            String what = spec.kind().id() + " " + ts.symbol() + " " + ts.interval();
            svgPlots.putAll(plots(what, h.p, h.y, imp));
            for (Map.Entry<String, String> plot : svgPlots.entrySet()) {
                store.uploadArtifact(
                        run.id(), plot.getKey(), plot.getValue().getBytes(StandardCharsets.UTF_8));
            }
            Map<String, Object> eval = new LinkedHashMap<>();
            eval.put("selected", spec.label());
            eval.put("selection_metric", metric.key());
            eval.put("leaderboard", leaderboardJson(ranked));
            eval.put("holdout", report);
            eval.put("provenance", baseTags);
            store.uploadArtifact(run.id(), "evaluation.json", json(eval));
        } finally {
            deleteQuietly(tmp);
        }

        // 4. register, then the promotion rule on the same holdout
        Progress.step("register the model and apply the promotion rule");
        Registry registry = new Registry(store, events);
        Map<String, String> vtags = new LinkedHashMap<>();
        vtags.put("model_type", spec.kind().id());
        vtags.put("feature_set", ts.featureSet().id());
        vtags.put("holdout." + promoMetric.key(), Double.toString(promoMetric.of(report.model())));
        vtags.put("holdout.from_ts", Long.toString(report.fromTs()));
        vtags.put("holdout.to_ts", Long.toString(report.toTs()));
        vtags.put("delta.silver_features.version", Long.toString(ts.featuresVersion()));
        vtags.put("delta.gold_labels.version", Long.toString(ts.labelsVersion()));
        TrackingStore.ModelVersion version =
                registry.register(
                        modelName, run.id(), store.artifactUri(run.id()) + "/model", vtags);
        store.setTags(run.id(), Map.of("registered_version", version.version()));

        String alias = cfg.promotion().alias();
        Double championScore = null;
        double[] championP = null;
        String note = "";
        String current = registry.aliasVersion(modelName, alias).orElse(null);
        if (current != null && !current.equals(version.version())) {
            // the champion, of any model type, scored on exactly this run's holdout bars; a
            // sequence model or an ensemble reads the rows before each bar as its window
            try {
                Scorer champ = RegistryScorers.load(registry, modelName, current);
                if (!champ.featureSet().id().equals(ts.featureSet().id())) {
                    note = "trained on feature set " + champ.featureSet().id();
                } else {
                    double[] cp = championScores(champ, ts, h, split);
                    championP = cp;
                    int missing = 0;
                    for (double v : cp) missing += Double.isNaN(v) ? 1 : 0;
                    if (missing > 0) {
                        note =
                                "it cannot score "
                                        + missing
                                        + " holdout bars (window "
                                        + champ.window()
                                        + " needs earlier rows)";
                    } else {
                        championScore =
                                promoMetric.of(
                                        BinaryMetrics.of(cp, h.y, cfg.trading().threshold()));
                    }
                }
            } catch (TrackingException | IllegalArgumentException | UncheckedIOException e) {
                note = "cannot load it: " + e.getMessage();
            }
        }
        PromotionDecision decision =
                registry.applyRule(
                        modelName,
                        version.version(),
                        run.id(),
                        alias,
                        promoMetric,
                        cfg.promotion().margin(),
                        promoMetric.of(report.model()),
                        championScore,
                        note);
        store.setTags(run.id(), decision.asTags());
        Progress.line(modelName + " v" + version.version() + ": " + decision.summary());

        // 5. every model family on the same holdout next to the baselines (report only)
        HoldoutBoard holdoutBoard =
                new HoldoutBoard(
                        report.fromTs(),
                        report.toTs(),
                        h.y,
                        h.r,
                        ts.horizonBars(),
                        cfg.trading(),
                        trainUpRate);
        holdoutBoard.add(
                spec.shortLabel(),
                spec.kind().id(),
                version.version(),
                best.meanLogLoss(),
                h.p,
                "selected" + (decision.promoted() ? ", promoted" : ""));
        List<Candidate> others = familyBests(ranked, best);
        if (!others.isEmpty()) {
            Progress.step(
                    "holdout board: refit the best of each other model family",
                    others.size(),
                    "models");
        }
        for (Candidate c : others) {
            PipelineModel m = TreeModels.pipeline(c.spec(), ts.featureSet(), seed).fit(selection);
            Holdout hc = predict(m, holdoutRows, null);
            holdoutBoard.add(
                    c.spec().shortLabel(),
                    c.spec().kind().id(),
                    "-",
                    c.meanLogLoss(),
                    hc.p,
                    "best "
                            + c.spec().kind().id()
                            + ", not registered: lost the walk-forward"
                            + " selection");
            Progress.advance(holdoutBoard.entries().size() - 1);
        }
        List<ModelPlots> modelPlots = new ArrayList<>();
        modelPlots.add(new ModelPlots(spec.label() + " (this run)", version.version(), svgPlots));
        if (championP != null && note.isEmpty()) {
            // the champion this run was measured against, on the same holdout bars
            modelPlots.add(
                    new ModelPlots(
                            "champion before this run",
                            current,
                            plots(
                                    "champion v"
                                            + current
                                            + " "
                                            + ts.symbol()
                                            + " "
                                            + ts.interval(),
                                    championP,
                                    h.y,
                                    null)));
        }
        return new TrainResult(
                command,
                ts.symbol(),
                ts.interval(),
                ts.horizonBars(),
                ts.featureSet().id(),
                ts.featuresVersion(),
                ts.labelsVersion(),
                ts.size(),
                split.folds().size(),
                run.experimentId(),
                run.id(),
                modelName,
                version.version(),
                metric,
                ranked,
                best,
                report,
                decision,
                store.describe(),
                holdoutBoard,
                List.of(),
                null,
                svgPlots,
                modelPlots,
                decision.promoted() ? version.version() : current);
    }

    /**
     * The plot artifacts of a run, by artifact path: {@code roc_curve.svg} and {@code
     * calibration.svg} of the holdout probabilities, and {@code feature_importances.svg} when
     * {@code importances} is not null (tree models).
     */
    public static Map<String, String> plots(
            String what, double[] p, double[] y, Map<String, Double> importances) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ROC_ARTIFACT, EvaluationPlots.roc("ROC on the holdout: " + what, p, y));
        out.put(
                CALIBRATION_ARTIFACT,
                EvaluationPlots.calibration(
                        "Calibration on the holdout: " + what, p, y, CALIBRATION_BINS));
        if (importances != null) {
            out.put(
                    IMPORTANCES_ARTIFACT,
                    EvaluationPlots.featureImportances(
                            "Feature importances: " + what, importances));
        }
        return out;
    }

    /** The best candidate of every model family other than the selected one's, in rank order. */
    static List<Candidate> familyBests(List<Candidate> ranked, Candidate selected) {
        Map<ModelKind, Candidate> out = new LinkedHashMap<>();
        for (Candidate c : ranked) {
            if (c.spec().kind() != selected.spec().kind()) out.putIfAbsent(c.spec().kind(), c);
        }
        return List.copyOf(out.values());
    }

    /**
     * P(UP) of {@code champ} on each holdout bar, in time order: a tree scorer reads the bar's row,
     * a sequence model or ensemble the window of rows ending at it (NaN without enough history).
     */
    static double[] championScores(
            Scorer champ, TrainingSet ts, Holdout h, WalkForwardSplitter.Split split) {
        if (champ.window() <= 1 && champ instanceof TreeEnsembleScorer tree) {
            double[] cp = new double[h.x.length];
            for (int i = 0; i < cp.length; i++) cp[i] = tree.probabilityUp(h.x[i]);
            return cp;
        }
        SymbolSeries series = ForecasterJob.collect(ts);
        int[] bars =
                java.util.stream.IntStream.range(split.holdout().from(), split.holdout().to())
                        .toArray();
        return ForecasterScorers.score(champ, series, bars);
    }

    /** The line printed when a candidate's walk-forward scores are in. */
    static String candidateLine(Candidate c, Metric metric, int i, int n, long startedNanos) {
        return String.format(
                Locale.ROOT,
                "  [%d/%d] %s: walk-forward %s %.4f +/- %.4f (%.0f s)",
                i,
                n,
                c.spec().label(),
                metric.key(),
                c.mean(),
                c.std(),
                (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Fits {@code spec} on each fold's training window and scores its test window. */
    static Candidate crossValidate(
            TrainingSet ts,
            WalkForwardSplitter.Split split,
            ModelSpec spec,
            long seed,
            Metric metric,
            TrackingStore store,
            String runId) {
        long[] times = ts.times();
        int k = split.folds().size();
        double[] scores = new double[k];
        double auc = 0, ll = 0, f1 = 0;
        if (runId != null) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("model_type", spec.kind().id());
            spec.params().forEach((key, v) -> p.put("model." + key, v));
            store.logParams(runId, p);
        }
        for (WalkForwardSplitter.Fold fold : split.folds()) {
            Dataset<Row> train = ts.rows().filter(TimeSplits.in(times, fold.train()));
            Dataset<Row> test = ts.rows().filter(TimeSplits.in(times, fold.test()));
            PipelineModel m = TreeModels.pipeline(spec, ts.featureSet(), seed).fit(train);
            Holdout pred = predict(m, test, null);
            BinaryMetrics bm = BinaryMetrics.of(pred.p, pred.y, 0.5);
            scores[fold.index()] = metric.of(bm);
            auc += bm.auc();
            ll += bm.logLoss();
            f1 += bm.f1();
            if (runId != null) {
                store.logMetrics(runId, bm.asMap("fold_"), fold.index());
            }
        }
        double mean = 0;
        for (double s : scores) mean += s;
        mean /= k;
        double var = 0;
        for (double s : scores) var += (s - mean) * (s - mean);
        double std = k > 1 ? Math.sqrt(var / (k - 1)) : 0;
        if (runId != null) {
            store.logMetrics(runId, Map.of("cv_mean", mean, "cv_std", std), 0);
        }
        LOG.info("{}: walk-forward {} = {} ± {}", spec.label(), metric.key(), mean, std);
        return new Candidate(spec, runId, scores, mean, std, auc / k, ll / k, f1 / k);
    }

    /** Predictions of one window, in time order. */
    record Holdout(long[] ts, double[] p, double[] y, double[] r, double[][] x) {}

    private static Holdout predictHoldout(PipelineModel m, Dataset<Row> rows, FeatureSetSpec fs) {
        return predict(m, rows, fs);
    }

    private static Holdout predict(PipelineModel m, Dataset<Row> rows, FeatureSetSpec fs) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("ts"));
        cols.add(
                org.apache
                        .spark
                        .ml
                        .functions
                        .vector_to_array(col("probability"), "float64")
                        .getItem(1)
                        .as("p_up"));
        cols.add(col(TrainingSet.LABEL));
        cols.add(col("forward_log_return"));
        if (fs != null) for (String f : fs.featureNames()) cols.add(col(f));
        List<Row> out =
                m.transform(rows).select(cols.toArray(new Column[0])).orderBy("ts").collectAsList();
        int n = out.size();
        long[] ts = new long[n];
        double[] p = new double[n], y = new double[n], r = new double[n];
        double[][] x = new double[fs == null ? 0 : n][];
        for (int i = 0; i < n; i++) {
            Row row = out.get(i);
            ts[i] = row.getLong(0);
            p[i] = row.getDouble(1);
            y[i] = row.getDouble(2);
            r[i] = row.getDouble(3);
            if (fs != null) {
                double[] v = new double[fs.featureNames().size()];
                for (int j = 0; j < v.length; j++) v[j] = row.getDouble(4 + j);
                x[i] = v;
            }
        }
        return new Holdout(ts, p, y, r, x);
    }

    private static HoldoutReport holdoutReport(
            Holdout h,
            double trainUpRate,
            int horizon,
            ResearchConfig.Trading trading,
            double maxDiff,
            long[] times,
            WalkForwardSplitter.Split split) {
        if (h.p.length == 0) throw new ResearchException("the holdout is empty");
        BinaryMetrics model = BinaryMetrics.of(h.p, h.y, trading.threshold());
        double[] prior = new double[h.p.length];
        java.util.Arrays.fill(prior, trainUpRate);
        BinaryMetrics priorM = BinaryMetrics.of(prior, h.y, trading.threshold());
        double up = 0;
        for (double v : h.y) up += v;
        double alwaysUpAcc = up / h.y.length;
        TradingView tv = TradingView.of(h.p, h.r, horizon, trading.threshold(), trading.costBps());
        boolean beatsPrior = model.logLoss() < priorM.logLoss();
        boolean beatsAcc = model.accuracy() > Math.max(alwaysUpAcc, 1 - alwaysUpAcc);
        boolean beatsBh = tv.beatsBuyHold();
        String verdict;
        if (beatsPrior && beatsAcc && beatsBh) {
            verdict = "the model beats every baseline on the holdout";
        } else {
            List<String> fails = new ArrayList<>();
            if (!beatsPrior) fails.add("the constant UP-rate prior on log loss");
            if (!beatsAcc) fails.add("the majority class on accuracy");
            if (!beatsBh) fails.add("buy-and-hold (= always-UP) on return after costs");
            verdict = "the model does NOT beat " + String.join(", nor ", fails);
        }
        return new HoldoutReport(
                times[split.holdout().from()],
                times[split.holdout().to() - 1],
                model,
                priorM,
                alwaysUpAcc,
                tv,
                maxDiff,
                beatsPrior,
                beatsAcc,
                beatsBh,
                verdict);
    }

    private static double[] collectLabels(TrainingSet ts) {
        List<Row> l = ts.rows().select("ts", TrainingSet.LABEL).orderBy("ts").collectAsList();
        double[] y = new double[l.size()];
        for (int i = 0; i < y.length; i++) y[i] = l.get(i).getDouble(1);
        return y;
    }

    private static List<Map<String, Object>> leaderboardJson(List<Candidate> ranked) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Candidate c : ranked) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", c.spec().label());
            m.put("cv_mean", c.mean());
            m.put("cv_std", c.std());
            m.put("fold_scores", c.foldScores());
            m.put("run_id", c.runId());
            out.add(m);
        }
        return out;
    }

    /** Label horizon in bars: configured, or {@code algotrader.labels.horizon} / interval. */
    static int horizonBars(AppConfig app, ResearchConfig cfg, String interval) {
        if (cfg.horizonBars() > 0) return cfg.horizonBars();
        long horizonMs = app.raw().getDuration("algotrader.labels.horizon").toMillis();
        long step = BarInterval.parse(interval).millis();
        if (horizonMs % step != 0 || horizonMs < step) {
            throw new ResearchException(
                    "label horizon "
                            + app.raw().getString("algotrader.labels.horizon")
                            + " is not a whole number of "
                            + interval
                            + " bars: set algotrader.research.horizon-bars");
        }
        return (int) (horizonMs / step);
    }

    /** The configured feature set (name and version from {@code algotrader.features}). */
    static FeatureSetSpec featureSet(AppConfig app) {
        String name = app.raw().getString("algotrader.features.set");
        int version = app.raw().getInt("algotrader.features.version");
        FeatureSetSpec d = FeatureSetSpec.DEFAULT;
        if (d.name().equals(name) && d.version() == version) return d;
        throw new ResearchException(
                "feature set "
                        + name
                        + "_v"
                        + version
                        + " is not known to the trainer (known: "
                        + d.id()
                        + "): set algotrader.features.set/version");
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new ResearchException("cannot serialise report: " + e.getMessage(), e);
        }
    }

    static String gitCommit() {
        String env = System.getenv("ALGOTRADER_GIT_COMMIT");
        if (env != null && !env.isBlank()) return env;
        try {
            Process p =
                    new ProcessBuilder("git", "rev-parse", "HEAD")
                            .redirectErrorStream(true)
                            .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
                return "unknown";
            }
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir);
        }
    }

    static String iso(long ts) {
        return Instant.ofEpochMilli(ts).toString();
    }
}
