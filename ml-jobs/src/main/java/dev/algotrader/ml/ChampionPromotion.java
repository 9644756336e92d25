package dev.algotrader.ml;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.dl.ForecasterJob;
import dev.algotrader.ml.dl.ForecasterScorers;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.ml.eval.BinaryMetrics;
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
 * Step four of a run: register the new version, score the current champion (of any model type) on
 * the same bars and apply the promotion rule.
 */
final class ChampionPromotion {

    private ChampionPromotion() {}

    /**
     * The registered version, the decision, the champion it was measured against ({@code null} when
     * none) and that champion's probabilities ({@code null} when it could not be scored; {@code
     * note} says why).
     */
    record Outcome(
            TrackingStore.ModelVersion version,
            PromotionDecision decision,
            String previousChampion,
            double[] championP,
            String note) {}

    /** Registers the selected tree model and applies the champion rule on the holdout. */
    static Outcome registerAndApply(
            RunContext ctx, ModelSpec spec, HoldoutEvaluation.Evaluated ev) {
        Progress.step("register the model and apply the promotion rule");
        TrackingStore store = ctx.store();
        TrainingSet ts = ctx.ts();
        Metric promoMetric = ctx.promoMetric();
        HoldoutEvaluation.HoldoutReport report = ev.report();
        Registry registry = new Registry(store, ctx.events());
        Map<String, String> vtags = new LinkedHashMap<>();
        vtags.put("model_type", spec.kind().id());
        vtags.put("feature_set", ts.featureSet().id());
        vtags.put("holdout." + promoMetric.key(), Double.toString(promoMetric.of(report.model())));
        vtags.put("holdout.from_ts", Long.toString(report.fromTs()));
        vtags.put("holdout.to_ts", Long.toString(report.toTs()));
        vtags.put("delta.silver_features.version", Long.toString(ts.featuresVersion()));
        vtags.put("delta.gold_labels.version", Long.toString(ts.labelsVersion()));
        String modelName = ctx.modelName();
        TrackingStore.ModelVersion version =
                registry.register(
                        modelName, ctx.runId(), store.artifactUri(ctx.runId()) + "/model", vtags);
        store.setTags(ctx.runId(), Map.of("registered_version", version.version()));

        String alias = ctx.cfg().promotion().alias();
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
                    double[] cp = championScores(champ, ts, ev.holdout(), ctx.split());
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
                                        BinaryMetrics.of(
                                                cp,
                                                ev.holdout().y(),
                                                ctx.cfg().trading().threshold()));
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
                        ctx.runId(),
                        alias,
                        promoMetric,
                        ctx.cfg().promotion().margin(),
                        promoMetric.of(report.model()),
                        championScore,
                        note);
        store.setTags(ctx.runId(), decision.asTags());
        Progress.line(modelName + " v" + version.version() + ": " + decision.summary());
        return new Outcome(version, decision, current, championP, note);
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
