package dev.algotrader.ml;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.TrainResult.ModelPlots;
import dev.algotrader.ml.data.TimeSplits;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.data.TrainingSetLoader;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackedRun;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One train/auto-train run, in order: load and check the training set, open the tracking run, then
 * {@link CandidateSearch} → {@link HoldoutEvaluation} → {@link ModelArtifacts} → {@link
 * ChampionPromotion} → the holdout board, and (auto-train) the {@link SequenceModelStep}. Runs are
 * never left RUNNING: any failure marks the run FAILED and leaves the champion untouched.
 */
final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private TrainingRun() {}

    static TrainResult run(
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
            if (sequenceModels) r = SequenceModelStep.run(app, ts, r, events, store, seed);
            ModelArtifacts.writeReport(app, store, r);
            return r;
        } finally {
            ts.rows().unpersist();
        }
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
        checkTrainable(ts);
        WalkForwardSplitter.Config splitCfg = cfg.validation().splitter(ts.horizonBars());
        WalkForwardSplitter.Split split;
        try {
            split = TimeSplits.split(ts.times(), splitCfg);
        } catch (IllegalArgumentException e) {
            throw new ResearchException(e.getMessage());
        }
        double[] labels = collectLabels(ts);
        checkFolds(split, labels);

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
                            new RunContext(
                                    spark,
                                    cfg,
                                    ts,
                                    events,
                                    store,
                                    command,
                                    seed,
                                    metric,
                                    promoMetric,
                                    split,
                                    labels,
                                    modelName,
                                    baseTags,
                                    run),
                            specs);
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

    /** Fails with the reason when {@code ts} is empty or has a single class. */
    static void checkTrainable(TrainingSet ts) {
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
    }

    /** Fails when a fold's training ranges hold a single class. */
    private static void checkFolds(WalkForwardSplitter.Split split, double[] labels) {
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
    }

    private static TrainResult inRun(RunContext ctx, List<ModelSpec> specs) {
        Map<String, String> params = runParams(ctx, specs.size());
        List<Candidate> ranked = CandidateSearch.rank(ctx, specs);
        Candidate best = ranked.get(0);
        ModelSpec spec = best.spec();
        CandidateSearch.logSelected(ctx, params, best, specs.size());
        HoldoutEvaluation.Evaluated ev = HoldoutEvaluation.evaluate(ctx, spec);
        Map<String, String> svgPlots = ModelArtifacts.publish(ctx, spec, ev, ranked);
        ChampionPromotion.Outcome promo = ChampionPromotion.registerAndApply(ctx, best, ev);
        String version = promo.version().version();
        boolean promoted = promo.decision().promoted();
        HoldoutBoard holdoutBoard =
                HoldoutEvaluation.board(
                        ctx,
                        ev,
                        best,
                        ranked,
                        version,
                        "selected" + (promoted ? ", promoted" : ""));
        holdoutBoard.decidedOn(promo.window().describe());
        List<ModelPlots> modelPlots = new ArrayList<>();
        modelPlots.add(new ModelPlots(spec.label() + " (this run)", version, svgPlots));
        String current = promo.previousChampion();
        if (promo.championP() != null) {
            // the champion this run was measured against, on the same holdout bars
            TrainingSet ts = ctx.ts();
            String what = "champion v" + current + " " + ts.symbol() + " " + ts.interval();
            modelPlots.add(
                    new ModelPlots(
                            "champion before this run",
                            current,
                            EvaluationPlots.holdoutPlots(
                                    what, promo.championP(), ev.holdout().y(), null)));
        }
        TrainingSet ts = ctx.ts();
        return new TrainResult(
                ctx.command(),
                ts.symbol(),
                ts.interval(),
                ts.horizonBars(),
                ts.featureSet().id(),
                ts.featuresVersion(),
                ts.labelsVersion(),
                ts.size(),
                ctx.split().folds().size(),
                ctx.run().experimentId(),
                ctx.runId(),
                ctx.modelName(),
                version,
                ctx.metric(),
                ranked,
                best,
                ev.report(),
                promo.decision(),
                ctx.store().describe(),
                holdoutBoard,
                List.of(),
                null,
                svgPlots,
                modelPlots,
                promoted ? version : current);
    }

    /** The run's parameters: the split, the selection metric, seed, candidates and rows. */
    private static Map<String, String> runParams(RunContext ctx, int candidates) {
        Map<String, String> params = new LinkedHashMap<>();
        WalkForwardSplitter.Config sc = ctx.cfg().validation().splitter(ctx.ts().horizonBars());
        params.put("folds", Integer.toString(sc.folds()));
        params.put("fold_mode", sc.mode().name().toLowerCase(Locale.ROOT));
        params.put("holdout_fraction", Double.toString(sc.holdoutFraction()));
        params.put("purge_bars", Integer.toString(sc.purgeBars()));
        params.put("embargo_bars", Integer.toString(sc.embargoBars()));
        params.put("min_train_bars", Integer.toString(sc.minTrainBars()));
        params.put("selection_metric", ctx.metric().key());
        params.put("seed", Long.toString(ctx.seed()));
        params.put("candidates", Integer.toString(candidates));
        params.put("rows", Long.toString(ctx.ts().size()));
        return params;
    }

    private static double[] collectLabels(TrainingSet ts) {
        List<Row> l = ts.rows().select("ts", TrainingSet.LABEL).orderBy("ts").collectAsList();
        double[] y = new double[l.size()];
        for (int i = 0; i < y.length; i++) y[i] = l.get(i).getDouble(1);
        return y;
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
}
