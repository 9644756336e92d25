package dev.algotrader.ml;

import static org.apache.spark.sql.functions.col;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.data.TimeSplits;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.dl.ForecasterRun;
import dev.algotrader.ml.dl.ForecasterScorers;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.ensemble.OutOfFoldPredictions;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.ml.registry.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The forecaster's step of {@code auto-train}, run after the tree search on the same training set
 * and split: sequence models, the out-of-fold predictions of the selected tree model (refitted per
 * fold), the stacked ensemble, then tracking, registration and the champion rule per model.
 */
public final class ForecasterJob {

    private ForecasterJob() {}

    /**
     * Result: the published models, a leaderboard text and the run itself (holdout bars and
     * probabilities of every model, for comparing them with the tree models on the same bars).
     */
    public record Outcome(
            List<ForecasterTracking.Published> published,
            String render,
            ForecasterRun.Result result) {}

    /**
     * Runs the forecaster on {@code ts}. {@code treeSpec}/{@code treeVersion} name the tree model
     * the research step selected and registered (null to skip the ensemble).
     */
    public static Outcome run(
            AppConfig app,
            TrainingSet ts,
            ModelSpec treeSpec,
            String treeVersion,
            Registry registry,
            Path workDir) {
        return run(app, ts, treeSpec, treeVersion, registry, workDir, null);
    }

    /**
     * As {@link #run(AppConfig, TrainingSet, ModelSpec, String, Registry, Path)}, refitting the
     * tree base with {@code treeSeed} (the seed the tree model was trained with; null = {@code
     * algotrader.research.seed}).
     */
    public static Outcome run(
            AppConfig app,
            TrainingSet ts,
            ModelSpec treeSpec,
            String treeVersion,
            Registry registry,
            Path workDir,
            Long treeSeed) {
        ForecasterConfig cfg = ForecasterConfig.from(app);
        ResearchConfig rc = ResearchConfig.from(app);
        long seed = treeSeed == null ? rc.seed() : treeSeed;
        WalkForwardSplitter.Config splitCfg = rc.validation().splitter(ts.horizonBars());
        Split split = TimeSplits.split(ts.times(), splitCfg);
        SymbolSeries series = collect(ts);
        String name = ResearchConfig.registeredModelName(ts.symbol(), ts.interval(), rc.strategy());
        List<ForecasterRun.BaseModel> trees = new ArrayList<>();
        List<BaseModelRef> treeRefs = new ArrayList<>();
        if (treeSpec != null && treeVersion != null && cfg.ensembleEnabled()) {
            Progress.step(
                    "refit " + treeSpec.shortLabel() + " per fold as the ensemble's tree base");
            BaseModelRef ref = new BaseModelRef(name, treeVersion, treeSpec.kind().id());
            trees.add(treeBase(ts, series, split, treeSpec, seed, ref, registry));
            treeRefs.add(ref);
        }
        ForecasterRun.Result r = ForecasterRun.run(series, split, cfg, splitCfg, trees, workDir);
        Map<String, String> tags = new HashMap<>(ts.provenanceTags());
        tags.put("seed", Long.toString(cfg.seed()));
        tags.put("command", treeSpec == null ? "forecast" : "auto-train");
        ForecasterTracking.Target target =
                new ForecasterTracking.Target(
                        "algo-trader " + ts.symbol() + " " + ts.interval(),
                        name,
                        tags,
                        rc.promotion().alias(),
                        Metric.parse(rc.promotion().metric()),
                        rc.promotion().margin(),
                        rc.trading().threshold(),
                        rc.promotion().windowFolds());
        Progress.step(
                "log, register and apply the champion rule to " + r.reports().size() + " models");
        List<ForecasterTracking.Published> pub =
                ForecasterTracking.publish(r, series, registry, target, treeRefs);
        return new Outcome(pub, render(pub), r);
    }

    /** The training set's rows as one series, in time order (all rows are labelled). */
    public static SymbolSeries collect(TrainingSet ts) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("ts"));
        ts.featureSet().featureNames().forEach(f -> cols.add(col(f)));
        cols.add(col(TrainingSet.LABEL));
        List<Row> rows =
                ts.rows().select(cols.toArray(new Column[0])).orderBy("ts").collectAsList();
        int n = rows.size(), f = ts.featureSet().featureNames().size();
        long[] t = new long[n];
        double[][] x = new double[n][f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            t[i] = row.getLong(0);
            for (int j = 0; j < f; j++) x[i][j] = row.getDouble(1 + j);
            y[i] = row.getDouble(1 + f) > 0.5 ? 1 : 0;
        }
        return new SymbolSeries(ts.symbol(), ts.interval(), ts.featureSet(), t, x, y);
    }

    /**
     * The selected tree model's out-of-fold predictions (refitted on each fold's training ranges,
     * scored on its test window) and its registered version's holdout predictions.
     */
    static ForecasterRun.BaseModel treeBase(
            TrainingSet ts,
            SymbolSeries series,
            Split split,
            ModelSpec spec,
            long seed,
            BaseModelRef ref,
            Registry registry) {
        long[] times = ts.times();
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < series.size(); i++) index.put(series.ts()[i], i);
        List<int[]> rows = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (Fold fold : split.folds()) {
            PipelineModel m =
                    TreeModels.pipeline(spec, ts.featureSet(), seed)
                            .fit(ts.rows().filter(TimeSplits.in(times, fold.train())));
            List<Row> out =
                    m.transform(ts.rows().filter(TimeSplits.in(times, fold.test())))
                            .select(
                                    col("ts"),
                                    org.apache
                                            .spark
                                            .ml
                                            .functions
                                            .vector_to_array(col("probability"), "float64")
                                            .getItem(1))
                            .collectAsList();
            for (Row r : out) {
                rows.add(new int[] {fold.index(), index.get(r.getLong(0))});
                p.add(r.getDouble(1));
            }
        }
        Scorer tree = RegistryScorers.load(registry, ref.name(), ref.version());
        int[] hold = IntStream.range(split.holdout().from(), split.holdout().to()).toArray();
        return new ForecasterRun.BaseModel(
                ref,
                new OutOfFoldPredictions(
                        ref.modelType(),
                        rows.stream().mapToInt(a -> a[0]).toArray(),
                        rows.stream().mapToInt(a -> a[1]).toArray(),
                        p.stream().mapToDouble(Double::doubleValue).toArray()),
                hold,
                ForecasterScorers.score(tree, series, hold));
    }

    /** One line per published model: holdout metrics, prior baseline and the promotion decision. */
    public static String render(List<ForecasterTracking.Published> pub) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %4s %10s %10s %9s %12s  %s%n",
                        "model",
                        "ver",
                        "cv_logloss",
                        "h_logloss",
                        "h_auc",
                        "h_prior_ll",
                        "promotion"));
        for (ForecasterTracking.Published p : pub) {
            Map<String, Double> m = p.metrics();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s %4s %10.4f %10.4f %9.4f %12.4f  %s%n",
                            p.modelType(),
                            p.version(),
                            m.getOrDefault("cv_mean_log_loss", Double.NaN),
                            m.getOrDefault("holdout_log_loss", Double.NaN),
                            m.getOrDefault("holdout_auc", Double.NaN),
                            m.getOrDefault("holdout_prior_log_loss", Double.NaN),
                            p.decision().summary()));
        }
        return sb.toString();
    }
}
