package dev.algotrader.ml;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.data.TimeSplits;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.model.ModelKind;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.ml.tracking.TrackingStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step one of a train/auto-train run: the walk-forward scores of every candidate over the selection
 * region (the holdout is never read), ranked by the selection metric. {@code train} logs the folds
 * to the run itself; {@code auto-train} opens one nested run per candidate.
 */
final class CandidateSearch {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateSearch.class);

    private CandidateSearch() {}

    /** One candidate of the search with its walk-forward scores. */
    public record Candidate(
            ModelSpec spec,
            String runId,
            double[] foldScores,
            double mean,
            double std,
            double meanAuc,
            double meanLogLoss,
            double meanF1,
            List<BinaryMetrics> folds) {}

    /** The candidates best first by the selection metric. */
    static List<Candidate> rank(RunContext ctx, List<ModelSpec> specs) {
        TrackingStore store = ctx.store();
        List<Candidate> board = new ArrayList<>();
        Progress.step(
                "walk-forward search over " + ctx.split().folds().size() + " folds",
                specs.size(),
                "candidates");
        Progress.rows(ctx.ts().size());
        for (ModelSpec spec : specs) {
            long started = System.nanoTime();
            String childId = null;
            if (specs.size() > 1) {
                Map<String, String> tags = new LinkedHashMap<>(ctx.baseTags());
                tags.put("mlflow.parentRunId", ctx.runId());
                tags.put("model_type", spec.kind().id());
                childId = store.startRun(ctx.run().experimentId(), spec.shortLabel(), tags);
            }
            try {
                Candidate c =
                        crossValidate(
                                ctx.ts(),
                                ctx.split(),
                                spec,
                                ctx.seed(),
                                ctx.metric(),
                                store,
                                childId == null ? ctx.runId() : childId);
                board.add(c);
                if (childId != null) store.endRun(childId, TrackingStore.RunStatus.FINISHED);
                Progress.advance(board.size());
                Progress.line(candidateLine(c, ctx.metric(), board.size(), specs.size(), started));
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
        if (ctx.metric().higherIsBetter) order = order.reversed();
        List<Candidate> ranked = new ArrayList<>(board);
        ranked.sort(order);
        return ranked;
    }

    /**
     * Logs the selected candidate to the parent run: parameters, its fold scores (auto-train, step
     * = fold index) and the walk-forward means.
     */
    static void logSelected(
            RunContext ctx, Map<String, String> params, Candidate best, int candidates) {
        TrackingStore store = ctx.store();
        ModelSpec spec = best.spec();
        params.put("model_type", spec.kind().id());
        spec.params().forEach((k, v) -> params.put("model." + k, v));
        store.logParams(ctx.runId(), params);
        if (candidates > 1) {
            for (int f = 0; f < best.foldScores().length; f++) {
                store.logMetrics(
                        ctx.runId(),
                        Map.of("cv_fold_" + ctx.metric().key(), best.foldScores()[f]),
                        f);
            }
        }
        Map<String, Double> cvm = new LinkedHashMap<>();
        cvm.put("cv_mean", best.mean());
        cvm.put("cv_std", best.std());
        cvm.put("cv_mean_auc", best.meanAuc());
        cvm.put("cv_mean_log_loss", best.meanLogLoss());
        cvm.put("cv_mean_f1", best.meanF1());
        store.logMetrics(ctx.runId(), cvm, 0);
        store.setTags(
                ctx.runId(), Map.of("model_type", spec.kind().id(), "selected", spec.label()));
    }

    /** The best candidate of every model family other than the selected one's, in rank order. */
    static List<Candidate> familyBests(List<Candidate> ranked, Candidate selected) {
        Map<ModelKind, Candidate> out = new LinkedHashMap<>();
        for (Candidate c : ranked) {
            if (c.spec().kind() != selected.spec().kind()) out.putIfAbsent(c.spec().kind(), c);
        }
        return List.copyOf(out.values());
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
        List<BinaryMetrics> foldMetrics = new ArrayList<>();
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
            WindowPredictions pred = WindowPredictions.of(m, test, null);
            BinaryMetrics bm = BinaryMetrics.of(pred.p(), pred.y(), 0.5);
            scores[fold.index()] = metric.of(bm);
            foldMetrics.add(bm);
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
        return new Candidate(
                spec, runId, scores, mean, std, auc / k, ll / k, f1 / k, List.copyOf(foldMetrics));
    }

    /** The leaderboard as written to {@code evaluation.json}. */
    static List<Map<String, Object>> leaderboardJson(List<Candidate> ranked) {
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
}
