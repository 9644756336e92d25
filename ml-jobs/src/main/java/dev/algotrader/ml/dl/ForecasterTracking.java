package dev.algotrader.ml.dl;

import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.model.MlflowModelFormat;
import dev.algotrader.ml.registry.PromotionDecision;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackedRun;
import dev.algotrader.ml.tracking.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a {@link ForecasterRun} like the tree models: one MLflow run per model (params,
 * per-fold metrics at step = fold, learning curve per epoch, holdout metrics with the same names as
 * the tree runs, artifacts {@code model/}, {@code learning_curves.svg}, {@code roc_curve.svg},
 * {@code calibration.svg}, {@code evaluation.json}), a new version of the registered model tagged
 * with its {@code model_type}, and the champion rule with the current champion — of any type —
 * scored on the same holdout bars.
 */
public final class ForecasterTracking {

    private static final Clock CLOCK = Clock.systemUTC();

    private ForecasterTracking() {}

    /** Where and how to publish. */
    public record Target(
            String experiment,
            String registeredModel,
            Map<String, String> baseTags,
            String alias,
            Metric promotionMetric,
            double margin,
            double threshold,
            int windowFolds) {

        /** A target whose promotion window is the last walk-forward fold. */
        public Target(
                String experiment,
                String registeredModel,
                Map<String, String> baseTags,
                String alias,
                Metric promotionMetric,
                double margin,
                double threshold) {
            this(
                    experiment,
                    registeredModel,
                    baseTags,
                    alias,
                    promotionMetric,
                    margin,
                    threshold,
                    1);
        }
    }

    /** One published model. */
    public record Published(
            String modelType,
            String runId,
            String version,
            PromotionDecision decision,
            Map<String, Double> metrics) {}

    /**
     * Publishes every model of {@code result} (sequence models, then the ensemble, whose base
     * references are rewritten to the registered versions; {@code treeRefs} are the tree bases'
     * registered references, in the order they were given to the run).
     */
    public static List<Published> publish(
            ForecasterRun.Result result,
            SymbolSeries series,
            Registry registry,
            Target target,
            List<BaseModelRef> treeRefs) {
        TrackingStore store = registry.store();
        List<Published> out = new ArrayList<>();
        List<BaseModelRef> seqRefs = new ArrayList<>();
        PromotionWindow window =
                PromotionWindow.of(result.split(), target.windowFolds(), series.ts());
        Metric promo = target.promotionMetric();
        for (ForecasterRun.ModelReport rep : result.reports()) {
            boolean ensemble = rep.modelType().equals(EnsembleModel.MODEL_TYPE);
            if (ensemble) {
                List<BaseModelRef> refs = new ArrayList<>(treeRefs);
                refs.addAll(seqRefs);
                EnsembleIO.save(
                        result.ensemble().withBaseModels(refs), rep.artifactDir().resolve("model"));
            }
            Map<String, String> tags = new LinkedHashMap<>(target.baseTags());
            tags.put("model_type", rep.modelType());
            tags.put("registered_model", target.registeredModel());
            try (TrackedRun run =
                    TrackedRun.start(store, target.experiment(), rep.modelType(), tags)) {
                store.logParams(run.id(), rep.params());
                for (int f = 0; f < rep.folds().size(); f++) {
                    store.logMetrics(run.id(), rep.folds().get(f).asMap("fold_"), f);
                }
                if (!ensemble) {
                    SequenceTrainer.Result seq =
                            result.sequenceModels().stream()
                                    .filter(s -> s.architecture().id().equals(rep.modelType()))
                                    .findFirst()
                                    .orElseThrow();
                    LearningCurve c = seq.finalFit().curve();
                    for (int e = 0; e < c.epochs(); e++) {
                        store.logMetrics(
                                run.id(),
                                Map.of(
                                        "train_loss",
                                        c.trainLoss().get(e),
                                        "val_loss",
                                        c.validationLoss().get(e)),
                                e + 1);
                    }
                }
                var hm =
                        holdoutMetrics(
                                series, rep.holdoutIndex(), rep.holdoutP(), target.threshold());
                Map<String, Double> metrics = new LinkedHashMap<>(rep.metrics());
                metrics.putAll(hm.asMap("holdout_"));
                double score = window.score(rep.folds(), promo);
                metrics.put("promotion_" + promo.key(), score);
                metrics.values().removeIf(v -> v == null || v.isNaN());
                store.logMetrics(run.id(), metrics, 0);
                Path modelDir = rep.artifactDir().resolve("model");
                store.uploadArtifacts(run.id(), "model", modelDir);
                MlflowModelFormat.publish(
                        store, run.id(), "model", mlmodel(run.id(), rep, ensemble, series));
                for (String file : List.of("learning_curves.svg", "evaluation.json")) {
                    Path p = rep.artifactDir().resolve(file);
                    if (Files.isRegularFile(p)) store.uploadArtifact(run.id(), file, read(p));
                }
                double[] hy = new double[rep.holdoutIndex().length];
                for (int i = 0; i < hy.length; i++) hy[i] = series.label()[rep.holdoutIndex()[i]];
                String what = rep.modelType() + " " + series.symbol() + " " + series.interval();
                for (Map.Entry<String, String> plot :
                        EvaluationPlots.holdoutPlots(what, rep.holdoutP(), hy, null).entrySet()) {
                    store.uploadArtifact(
                            run.id(),
                            plot.getKey(),
                            plot.getValue().getBytes(StandardCharsets.UTF_8));
                }
                Map<String, String> vtags = new LinkedHashMap<>();
                vtags.put("model_type", rep.modelType());
                vtags.put("feature_set", series.featureSet().id());
                vtags.put("holdout." + promo.key(), Double.toString(promo.of(hm)));
                vtags.put("holdout.from_ts", Long.toString(series.ts()[rep.holdoutIndex()[0]]));
                vtags.put(
                        "holdout.to_ts",
                        Long.toString(
                                series.ts()[rep.holdoutIndex()[rep.holdoutIndex().length - 1]]));
                vtags.putAll(window.tags(promo, score));
                RegisteredVersion v =
                        registry.register(
                                target.registeredModel(),
                                run.id(),
                                store.artifactUri(run.id()) + "/model",
                                vtags);
                store.setTags(run.id(), Map.of("registered_version", v.version()));
                if (!ensemble)
                    seqRefs.add(
                            new BaseModelRef(
                                    target.registeredModel(), v.version(), rep.modelType()));

                Double champ = null;
                String note = "";
                String current =
                        registry.aliasVersion(target.registeredModel(), target.alias())
                                .orElse(null);
                if (current != null && !current.equals(v.version())) {
                    PromotionWindow.ChampionScore cs =
                            window.champion(
                                    registry, target.registeredModel(), current, promo, series);
                    champ = cs.score();
                    note = cs.note();
                }
                PromotionDecision d =
                        registry.applyRule(
                                target.registeredModel(),
                                v.version(),
                                run.id(),
                                target.alias(),
                                target.promotionMetric(),
                                target.margin(),
                                score,
                                champ,
                                note);
                store.setTags(run.id(), d.asTags());
                run.finish();
                out.add(new Published(rep.modelType(), run.id(), v.version(), d, metrics));
            }
        }
        return out;
    }

    /** The research metrics (incl. F1 at the trading threshold) of {@code p} on {@code bars}. */
    static BinaryMetrics holdoutMetrics(SymbolSeries s, int[] bars, double[] p, double threshold) {
        double[] y = new double[bars.length];
        for (int i = 0; i < bars.length; i++) y[i] = s.label()[bars[i]];
        return BinaryMetrics.of(p, y, threshold);
    }

    /** The version's MLmodel: the dl4j flavor for a sequence model, the project's for the rest. */
    private static Map<String, Object> mlmodel(
            String runId, ForecasterRun.ModelReport rep, boolean ensemble, SymbolSeries series) {
        Path modelDir = rep.artifactDir().resolve("model");
        long size = MlflowModelFormat.sizeOf(modelDir);
        if (ensemble) {
            return MlflowModelFormat.ensemble(
                    runId, series.featureSet(), rep.modelType(), EnsembleIO.FILE, size, CLOCK);
        }
        SequenceModelSpec spec = SequenceModelIO.readSpec(modelDir);
        return MlflowModelFormat.dl4jSequence(
                runId,
                spec.featureSet(),
                rep.modelType(),
                spec.window(),
                SequenceModelIO.MODEL_FILE,
                SequenceModelIO.SPEC_FILE,
                size,
                CLOCK);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
