package dev.algotrader.ml;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.data.TimeSplits;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.TradingView;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.PortableExport;
import dev.algotrader.ml.model.TreeModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step two of a run: the selected candidate refitted on the whole selection region and evaluated
 * once on the holdout (never seen before) against the baselines; the portable export must agree
 * with Spark on every holdout bar (the parity gate) before anything is registered. Also builds the
 * holdout board of the best of every other tree family (report only).
 */
final class HoldoutEvaluation {

    private static final double PARITY_TOLERANCE = 1e-9;

    private HoldoutEvaluation() {}

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

    /** The refitted model, its portable export and what it did on the holdout. */
    record Evaluated(
            PipelineModel model,
            TreeEnsembleScorer portable,
            WindowPredictions holdout,
            double trainUpRate,
            HoldoutReport report,
            Dataset<Row> selection,
            Dataset<Row> holdoutRows) {}

    /** Refits {@code spec}, scores the holdout, checks parity and logs the holdout metrics. */
    static Evaluated evaluate(RunContext ctx, ModelSpec spec) {
        Progress.step("refit " + spec.shortLabel() + " on the selection region, score the holdout");
        TrainingSet ts = ctx.ts();
        WalkForwardSplitter.Split split = ctx.split();
        Dataset<Row> rows = ts.rows();
        long[] times = ts.times();
        Dataset<Row> selection =
                rows.filter(
                        TimeSplits.in(
                                times, new WalkForwardSplitter.Range(0, split.selectionEnd())));
        Dataset<Row> holdoutRows = rows.filter(TimeSplits.in(times, split.holdout()));
        PipelineModel model = TreeModels.pipeline(spec, ts.featureSet(), ctx.seed()).fit(selection);
        WindowPredictions h = WindowPredictions.of(model, holdoutRows, ts.featureSet());
        double trainUpRate = 0;
        for (int i = 0; i < split.selectionEnd(); i++) trainUpRate += ctx.labels()[i];
        trainUpRate /= split.selectionEnd();

        TreeEnsembleScorer portable =
                PortableExport.export(model, ts.featureSet(), ctx.modelName(), ctx.runId());
        double maxDiff = parityGap(portable, h);
        HoldoutReport report =
                report(
                        h,
                        trainUpRate,
                        ts.horizonBars(),
                        ctx.cfg().trading(),
                        maxDiff,
                        times,
                        split);
        log(ctx, report);
        return new Evaluated(model, portable, h, trainUpRate, report, selection, holdoutRows);
    }

    /** Largest |Δp| between the portable export and Spark; fails above the tolerance. */
    private static double parityGap(TreeEnsembleScorer portable, WindowPredictions h) {
        double maxDiff = 0;
        for (int i = 0; i < h.p().length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(portable.probabilityUp(h.x()[i]) - h.p()[i]));
        }
        if (!(maxDiff <= PARITY_TOLERANCE)) {
            throw new ResearchException(
                    "portable export disagrees with Spark on the holdout (max |Δp| = "
                            + maxDiff
                            + "): not registering; report this as a bug");
        }
        return maxDiff;
    }

    private static void log(RunContext ctx, HoldoutReport report) {
        Map<String, Double> hm = new LinkedHashMap<>(report.model().asMap("holdout_"));
        hm.putAll(report.prior().asMap("holdout_prior_"));
        hm.put("holdout_always_up_accuracy", report.alwaysUpAccuracy());
        hm.putAll(report.trading().asMap("holdout_"));
        hm.put("portable_max_abs_diff", report.portableMaxAbsDiff());
        ctx.store().logMetrics(ctx.runId(), hm, 0);
        ctx.store()
                .setTags(
                        ctx.runId(),
                        Map.of(
                                "holdout.from_ts", Long.toString(report.fromTs()),
                                "holdout.to_ts", Long.toString(report.toTs()),
                                "holdout.verdict", report.verdict()));
        Progress.line(
                String.format(
                        Locale.ROOT,
                        "holdout (%s .. %s): log loss %.4f (prior %.4f), AUC %.3f, %s",
                        ResearchJobs.iso(report.fromTs()),
                        ResearchJobs.iso(report.toTs()),
                        report.model().logLoss(),
                        report.prior().logLoss(),
                        report.model().auc(),
                        report.verdict()));
    }

    /**
     * The holdout board: the selected model, then the best of every other tree family refitted on
     * the selection region, next to the baselines on the same bars (report only).
     */
    static HoldoutBoard board(
            RunContext ctx,
            Evaluated ev,
            Candidate best,
            List<Candidate> ranked,
            String version,
            String selectedNote) {
        HoldoutReport report = ev.report();
        WindowPredictions h = ev.holdout();
        HoldoutBoard board =
                new HoldoutBoard(
                        report.fromTs(),
                        report.toTs(),
                        h.y(),
                        h.r(),
                        ctx.ts().horizonBars(),
                        ctx.cfg().trading(),
                        ev.trainUpRate());
        ModelSpec spec = best.spec();
        board.add(
                spec.shortLabel(),
                spec.kind().id(),
                version,
                best.meanLogLoss(),
                h.p(),
                selectedNote);
        List<Candidate> others = CandidateSearch.familyBests(ranked, best);
        if (!others.isEmpty()) {
            Progress.step(
                    "holdout board: refit the best of each other model family",
                    others.size(),
                    "models");
        }
        for (Candidate c : others) {
            PipelineModel m =
                    TreeModels.pipeline(c.spec(), ctx.ts().featureSet(), ctx.seed())
                            .fit(ev.selection());
            WindowPredictions hc = WindowPredictions.of(m, ev.holdoutRows(), null);
            board.add(
                    c.spec().shortLabel(),
                    c.spec().kind().id(),
                    "-",
                    c.meanLogLoss(),
                    hc.p(),
                    "best "
                            + c.spec().kind().id()
                            + ", not registered: lost the walk-forward"
                            + " selection");
            Progress.advance(board.entries().size() - 1);
        }
        return board;
    }

    static HoldoutReport report(
            WindowPredictions h,
            double trainUpRate,
            int horizon,
            ResearchConfig.Trading trading,
            double maxDiff,
            long[] times,
            WalkForwardSplitter.Split split) {
        if (h.p().length == 0) throw new ResearchException("the holdout is empty");
        BinaryMetrics model = BinaryMetrics.of(h.p(), h.y(), trading.threshold());
        double[] prior = new double[h.p().length];
        Arrays.fill(prior, trainUpRate);
        BinaryMetrics priorM = BinaryMetrics.of(prior, h.y(), trading.threshold());
        double up = 0;
        for (double v : h.y()) up += v;
        double alwaysUpAcc = up / h.y().length;
        TradingView tv =
                TradingView.of(h.p(), h.r(), horizon, trading.threshold(), trading.costBps());
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
}
