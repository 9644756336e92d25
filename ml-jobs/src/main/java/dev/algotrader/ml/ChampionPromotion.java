package dev.algotrader.ml;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.CandidateSearch.Candidate;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.dl.ForecasterScorers;
import dev.algotrader.ml.dl.PromotionWindow;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.registry.PromotionDecision;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingException;
import dev.algotrader.ml.tracking.TrackingStore;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Step four of a run: register the new version and apply the promotion rule on the promotion window
 * ({@link PromotionWindow}: the last walk-forward folds, before the holdout) against the current
 * champion of any model type. The holdout decides nothing.
 */
final class ChampionPromotion {

    private ChampionPromotion() {}

    /**
     * The registered version, the decision, the champion it was measured against ({@code null} when
     * none) and that champion's probabilities ({@code null} when it could not be scored; {@code
     * note} says why).
     */
    record Outcome(
            RegisteredVersion version,
            PromotionDecision decision,
            String previousChampion,
            double[] championP,
            String note,
            PromotionWindow window) {}

    /**
     * Registers the selected tree model and applies the champion rule on the promotion window (the
     * last walk-forward folds, before the holdout): the candidate's out-of-fold score there against
     * the champion's on the same bars. The champion is also scored on the holdout, for the report.
     */
    static Outcome registerAndApply(
            RunContext ctx, Candidate best, HoldoutEvaluation.Evaluated ev) {
        Progress.step("register the model and apply the promotion rule");
        TrackingStore store = ctx.store();
        TrainingSet ts = ctx.ts();
        ModelSpec spec = best.spec();
        Metric promoMetric = ctx.promoMetric();
        HoldoutEvaluation.HoldoutReport report = ev.report();
        PromotionWindow window =
                PromotionWindow.of(ctx.split(), ctx.cfg().promotion().windowFolds(), ts.times());
        double score = window.score(best.folds(), promoMetric);
        store.logMetrics(ctx.runId(), Map.of("promotion_" + promoMetric.key(), score), 0);
        Registry registry = new Registry(store, ctx.events());
        Map<String, String> vtags = new LinkedHashMap<>();
        vtags.put("model_type", spec.kind().id());
        vtags.put("feature_set", ts.featureSet().id());
        vtags.put("holdout." + promoMetric.key(), Double.toString(promoMetric.of(report.model())));
        vtags.put("holdout.from_ts", Long.toString(report.fromTs()));
        vtags.put("holdout.to_ts", Long.toString(report.toTs()));
        vtags.putAll(window.tags(promoMetric, score));
        vtags.put("delta.silver_features.version", Long.toString(ts.featuresVersion()));
        vtags.put("delta.gold_labels.version", Long.toString(ts.labelsVersion()));
        String modelName = ctx.modelName();
        RegisteredVersion version =
                registry.register(
                        modelName, ctx.runId(), store.artifactUri(ctx.runId()) + "/model", vtags);
        store.setTags(ctx.runId(), Map.of("registered_version", version.version()));

        String alias = ctx.cfg().promotion().alias();
        Double championScore = null;
        double[] championP = null;
        String note = "";
        String current = registry.aliasVersion(modelName, alias).orElse(null);
        if (current != null && !current.equals(version.version())) {
            SymbolSeries series = ForecasterJob.collect(ts);
            PromotionWindow.ChampionScore cs =
                    window.champion(registry, modelName, current, promoMetric, series);
            championScore = cs.score();
            note = cs.note();
            championP = holdoutScores(registry, modelName, current, ts, ev.holdout(), ctx.split());
        }
        PromotionDecision decision =
                registry.applyRule(
                        modelName,
                        version.version(),
                        ctx.runId(),
                        alias,
                        promoMetric,
                        ctx.cfg().promotion().margin(),
                        score,
                        championScore,
                        note);
        store.setTags(ctx.runId(), decision.asTags());
        Progress.line(
                modelName
                        + " v"
                        + version.version()
                        + ": "
                        + decision.summary()
                        + " (decided on "
                        + window.describe()
                        + ")");
        return new Outcome(version, decision, current, championP, note, window);
    }

    /**
     * The champion's P(UP) on the holdout bars, for the report (null when it cannot be loaded or
     * does not score every bar).
     */
    private static double[] holdoutScores(
            Registry registry,
            String modelName,
            String version,
            TrainingSet ts,
            WindowPredictions holdout,
            WalkForwardSplitter.Split split) {
        try {
            Scorer champ = RegistryScorers.load(registry, modelName, version);
            if (!champ.featureSet().id().equals(ts.featureSet().id())) return null;
            double[] cp = championScores(champ, ts, holdout, split);
            for (double v : cp) if (Double.isNaN(v)) return null;
            return cp;
        } catch (TrackingException | IllegalArgumentException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * P(UP) of {@code champ} on each holdout bar, in time order: a tree scorer reads the bar's row,
     * a sequence model or ensemble the window of rows ending at it (NaN without enough history).
     */
    static double[] championScores(
            Scorer champ, TrainingSet ts, WindowPredictions h, WalkForwardSplitter.Split split) {
        if (champ.window() <= 1 && champ instanceof TreeEnsembleScorer tree) {
            double[] cp = new double[h.x().length];
            for (int i = 0; i < cp.length; i++) cp[i] = tree.probabilityUp(h.x()[i]);
            return cp;
        }
        SymbolSeries series = ForecasterJob.collect(ts);
        int[] bars = IntStream.range(split.holdout().from(), split.holdout().to()).toArray();
        return ForecasterScorers.score(champ, series, bars);
    }

    /** {@code model vN (type)} of a registered version. */
    static String championLabel(TrackingStore store, String model, String version) {
        String type =
                store.modelVersion(model, version)
                        .map(v -> v.tags().getOrDefault("model_type", "?"))
                        .orElse("?");
        return model + " v" + version + " (" + type + ")";
    }
}
