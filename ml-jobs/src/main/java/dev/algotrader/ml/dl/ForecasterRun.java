package dev.algotrader.ml.dl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.ensemble.EnsembleTrainer;
import dev.algotrader.ml.ensemble.OutOfFoldPredictions;
import dev.algotrader.ml.eval.BinaryMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The forecaster's part of {@code auto-train} for one symbol, without any engine or tracking: every
 * configured sequence model trained walk-forward on the given split, then (when enabled) the
 * stacked ensemble over the given base models (the tree models) and the sequence models, fitted on
 * out-of-fold predictions and evaluated on the same holdout. Writes one folder per model under
 * {@code outDir} with its artifacts (model files, {@code evaluation.json}, {@code
 * learning_curves.svg}); the tracking glue uploads, registers and applies the champion rule.
 */
public final class ForecasterRun {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ForecasterRun() {}

    /**
     * A base model of the ensemble trained elsewhere (a tree model): its out-of-fold predictions on
     * the same split and its holdout predictions.
     */
    public record BaseModel(
            BaseModelRef ref,
            OutOfFoldPredictions outOfFold,
            int[] holdoutIndex,
            double[] holdoutP) {}

    /** What one model scored; the same metric names as the tree models' runs. */
    public record ModelReport(
            String modelType,
            Map<String, String> params,
            List<BinaryMetrics> folds,
            double cvMeanLogLoss,
            BinaryMetrics holdout,
            BinaryMetrics holdoutPrior,
            int[] holdoutIndex,
            double[] holdoutP,
            Path artifactDir) {

        /** Metrics in the research runs' naming ({@code cv_mean_log_loss}, {@code holdout_*}). */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("cv_mean_log_loss", cvMeanLogLoss);
            m.put(
                    "cv_mean_auc",
                    folds.stream().mapToDouble(BinaryMetrics::auc).average().orElse(Double.NaN));
            m.putAll(holdout.asMap("holdout_"));
            m.putAll(holdoutPrior.asMap("holdout_prior_"));
            return m;
        }
    }

    /** Result of the run: one report per model (sequence models first, ensemble last). */
    public record Result(
            Split split,
            List<SequenceTrainer.Result> sequenceModels,
            List<ModelReport> reports,
            EnsembleModel ensemble) {}

    /** One result line: walk-forward and holdout log loss of a model against the prior. */
    static String holdoutLine(ModelReport rep) {
        return String.format(
                java.util.Locale.ROOT,
                "%s: walk-forward log loss %.4f, holdout log loss %.4f (prior %.4f), AUC %.3f",
                rep.modelType(),
                rep.cvMeanLogLoss(),
                rep.holdout().logLoss(),
                rep.holdoutPrior().logLoss(),
                rep.holdout().auc());
    }

    /** Runs the forecaster on {@code series}. */
    public static Result run(
            SymbolSeries series,
            Split split,
            ForecasterConfig config,
            WalkForwardSplitter.Config splitConfig,
            List<BaseModel> trees,
            Path outDir) {
        SequenceTrainer trainer = new SequenceTrainer(config, splitConfig);
        double prior = upRate(series, split.selectionEnd());
        List<SequenceTrainer.Result> seq = new ArrayList<>();
        List<ModelReport> reports = new ArrayList<>();
        for (String type : config.models()) {
            SequenceArchitecture arch = SequenceArchitecture.of(type);
            SequenceTrainer.Result r = trainer.train(series, arch, split);
            seq.add(r);
            Path dir = outDir.resolve(arch.id());
            SequenceModelIO.save(r.model(), dir.resolve("model"));
            List<LearningCurve> curves = new ArrayList<>();
            r.folds().forEach(f -> curves.add(f.fit().curve()));
            curves.add(r.finalFit().curve());
            write(
                    dir.resolve("learning_curves.svg"),
                    LearningCurvePlot.svg(arch.id() + " " + series.symbol(), curves)
                            .getBytes(StandardCharsets.UTF_8));
            ModelReport rep =
                    new ModelReport(
                            arch.id(),
                            params(config, arch, r),
                            r.folds().stream().map(SequenceTrainer.FoldResult::test).toList(),
                            r.meanFoldLogLoss(),
                            r.holdout(),
                            priorMetrics(series, r.holdoutIndex(), prior),
                            r.holdoutIndex(),
                            r.holdoutP(),
                            dir);
            Map<String, Object> eval = new LinkedHashMap<>();
            eval.put("model_type", arch.id());
            eval.put("metrics", rep.metrics());
            eval.put("learning_curves", curves);
            writeJson(dir.resolve("evaluation.json"), eval);
            Progress.line(holdoutLine(rep));
            reports.add(rep);
            Progress.line(holdoutLine(rep));
        }
        EnsembleModel ensemble = null;
        if (config.ensembleEnabled() && !seq.isEmpty() && !trees.isEmpty()) {
            Progress.step("stacked ensemble over " + (trees.size() + seq.size()) + " base models");
            List<BaseModel> bases = new ArrayList<>(trees);
            for (SequenceTrainer.Result r : seq) {
                bases.add(
                        new BaseModel(
                                new BaseModelRef(r.architecture().id(), "", r.architecture().id()),
                                r.outOfFold(),
                                r.holdoutIndex(),
                                r.holdoutP()));
            }
            ensemble =
                    EnsembleTrainer.fit(
                            split,
                            bases.stream().map(BaseModel::ref).toList(),
                            bases.stream().map(BaseModel::outOfFold).toList(),
                            series.label(),
                            config.ensembleL2(),
                            series.featureSet().id());
            List<BinaryMetrics> ensembleFolds = walkForwardEnsemble(series, split, bases, config);
            // holdout: bars every base scored
            Map<Integer, double[]> byBar = new HashMap<>();
            for (int j = 0; j < bases.size(); j++) {
                BaseModel b = bases.get(j);
                for (int i = 0; i < b.holdoutIndex().length; i++) {
                    byBar.computeIfAbsent(b.holdoutIndex()[i], k -> fill(bases.size()))[j] =
                            b.holdoutP()[i];
                }
            }
            int[] hold =
                    byBar.entrySet().stream()
                            .filter(
                                    e ->
                                            IntStream.range(0, bases.size())
                                                    .allMatch(j -> !Double.isNaN(e.getValue()[j])))
                            .mapToInt(Map.Entry::getKey)
                            .sorted()
                            .toArray();
            double[] hp = new double[hold.length];
            for (int i = 0; i < hold.length; i++) hp[i] = ensemble.probability(byBar.get(hold[i]));
            Path dir = outDir.resolve(EnsembleModel.MODEL_TYPE);
            EnsembleIO.save(ensemble, dir.resolve("model"));
            // walk-forward view of the ensemble: stacker fitted on the other folds' rows is not
            // needed for selection; the ensemble is judged on the holdout like every model
            Map<String, String> params = new LinkedHashMap<>();
            params.put("model_type", EnsembleModel.MODEL_TYPE);
            params.put(
                    "ensemble.bases",
                    String.join(",", bases.stream().map(b -> b.ref().modelType()).toList()));
            params.put("ensemble.l2", Double.toString(config.ensembleL2()));
            params.put("ensemble.fit_rows", Integer.toString(ensemble.fitRows()));
            params.put("ensemble.intercept", Double.toString(ensemble.intercept()));
            for (int j = 0; j < bases.size(); j++) {
                params.put(
                        "ensemble.weight." + bases.get(j).ref().modelType(),
                        Double.toString(ensemble.weights()[j]));
            }
            BinaryMetrics hm = BinaryMetrics.of(hp, SequenceTrainer.labelsOf(series, hold));
            ModelReport rep =
                    new ModelReport(
                            EnsembleModel.MODEL_TYPE,
                            params,
                            ensembleFolds,
                            ensembleFolds.stream()
                                    .mapToDouble(BinaryMetrics::logLoss)
                                    .average()
                                    .orElse(Double.NaN),
                            hm,
                            priorMetrics(series, hold, prior),
                            hold,
                            hp,
                            dir);
            Map<String, Object> eval = new LinkedHashMap<>();
            eval.put("model_type", EnsembleModel.MODEL_TYPE);
            eval.put("params", params);
            eval.put("metrics", rep.metrics());
            writeJson(dir.resolve("evaluation.json"), eval);
            reports.add(rep);
        }
        return new Result(split, seq, reports, ensemble);
    }

    /**
     * Walk-forward score of the ensemble itself: for fold k >= 1 the stacker is fitted on the
     * out-of-fold rows of folds before k only and scored on fold k (fold 0 has no earlier rows).
     */
    static List<BinaryMetrics> walkForwardEnsemble(
            SymbolSeries series, Split split, List<BaseModel> bases, ForecasterConfig config) {
        List<BinaryMetrics> out = new ArrayList<>();
        for (int k = 1; k < split.folds().size(); k++) {
            final int fold = k;
            List<OutOfFoldPredictions> before = new ArrayList<>();
            List<Map<Integer, Double>> at = new ArrayList<>();
            for (BaseModel b : bases) {
                OutOfFoldPredictions o = b.outOfFold();
                int[] keep = IntStream.range(0, o.size()).filter(i -> o.fold()[i] < fold).toArray();
                before.add(
                        new OutOfFoldPredictions(
                                o.model(),
                                IntStream.of(keep).map(i -> o.fold()[i]).toArray(),
                                IntStream.of(keep).map(i -> o.index()[i]).toArray(),
                                IntStream.of(keep).mapToDouble(i -> o.p()[i]).toArray()));
                Map<Integer, Double> m = new HashMap<>();
                for (int i = 0; i < o.size(); i++)
                    if (o.fold()[i] == fold) m.put(o.index()[i], o.p()[i]);
                at.add(m);
            }
            EnsembleModel stack;
            try {
                stack =
                        EnsembleTrainer.fit(
                                split,
                                bases.stream().map(BaseModel::ref).toList(),
                                before,
                                series.label(),
                                config.ensembleL2(),
                                series.featureSet().id());
            } catch (IllegalArgumentException tooFew) {
                continue;
            }
            int[] bars =
                    at.get(0).keySet().stream()
                            .filter(
                                    t ->
                                            series.label()[t] >= 0
                                                    && at.stream().allMatch(m -> m.containsKey(t)))
                            .mapToInt(Integer::intValue)
                            .sorted()
                            .toArray();
            double[] p = new double[bars.length];
            for (int i = 0; i < bars.length; i++) {
                double[] row = new double[bases.size()];
                for (int j = 0; j < row.length; j++) row[j] = at.get(j).get(bars[i]);
                p[i] = stack.probability(row);
            }
            out.add(BinaryMetrics.of(p, SequenceTrainer.labelsOf(series, bars)));
        }
        return out;
    }

    static Map<String, String> params(
            ForecasterConfig c, SequenceArchitecture arch, SequenceTrainer.Result r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("model_type", arch.id());
        p.put(
                "architecture",
                r.model().network().getLayerWiseConfigurations().getConfs().stream()
                        .map(l -> l.getLayer().getClass().getSimpleName())
                        .reduce((a, b) -> a + " > " + b)
                        .orElse(""));
        p.put("parameters", Long.toString(r.model().network().numParams()));
        p.put("window", Integer.toString(c.window()));
        p.put("hidden_size", Integer.toString(c.hiddenSize()));
        if (arch == SequenceArchitecture.ATTENTION) {
            p.put("attention_heads", Integer.toString(c.attentionHeads()));
            p.put("positional_dims", Integer.toString(c.positionalDims()));
        }
        p.put("max_epochs", Integer.toString(c.maxEpochs()));
        p.put("patience", Integer.toString(c.patience()));
        p.put("batch_size", Integer.toString(c.batchSize()));
        p.put("learning_rate", Double.toString(c.learningRate()));
        p.put("l2", Double.toString(c.l2()));
        p.put("validation_fraction", Double.toString(c.validationFraction()));
        p.put("data_type", c.dataType());
        p.put("seed", Long.toString(c.seed()));
        p.put("final_epochs", Integer.toString(r.finalFit().curve().epochs()));
        p.put("final_best_epoch", Integer.toString(r.finalFit().curve().bestEpoch()));
        p.put(
                "seconds_per_epoch",
                String.format(java.util.Locale.ROOT, "%.3f", r.finalFit().secondsPerEpoch()));
        return p;
    }

    private static double[] fill(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double upRate(SymbolSeries s, int end) {
        long up = 0, n = 0;
        for (int i = 0; i < end; i++) {
            if (s.label()[i] >= 0) {
                up += s.label()[i];
                n++;
            }
        }
        return n == 0 ? 0.5 : (double) up / n;
    }

    private static BinaryMetrics priorMetrics(SymbolSeries s, int[] idx, double prior) {
        double[] p = new double[idx.length];
        java.util.Arrays.fill(p, prior);
        return BinaryMetrics.of(p, SequenceTrainer.labelsOf(s, idx));
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writeJson(Path file, Object o) {
        try {
            write(file, JSON.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
