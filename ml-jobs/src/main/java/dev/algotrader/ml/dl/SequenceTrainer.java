package dev.algotrader.ml.dl;

import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.ensemble.OutOfFoldPredictions;
import dev.algotrader.ml.eval.BinaryMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walk-forward training of one sequence model type on one symbol: a fit per fold (scored on its
 * test window, giving out-of-fold predictions), then a final fit on the whole selection region,
 * scored on the holdout.
 *
 * <p>Each fit: training samples follow {@link SequenceWindows}' rule; the last {@code
 * validation-fraction} of them (by time) is the early-stopping slice, and fit samples whose label
 * horizon ({@code purgeBars}) reaches into it are dropped; the normaliser is fitted on the rows of
 * the fit windows only; weights of the epoch with the lowest validation log loss are kept.
 */
public final class SequenceTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceTrainer.class);

    private final ForecasterConfig config;
    private final WalkForwardSplitter.Config splitConfig;

    public SequenceTrainer(ForecasterConfig config, WalkForwardSplitter.Config splitConfig) {
        this.config = config;
        this.splitConfig = splitConfig;
    }

    /** Result of one fit with early stopping. */
    public record FitResult(
            TrainedSequenceModel model,
            LearningCurve curve,
            int fitSamples,
            int validationSamples,
            int validationStart,
            double secondsPerEpoch) {}

    /** One walk-forward fold: its fit and its test metrics. */
    public record FoldResult(
            int fold, FitResult fit, int[] testIndex, double[] testP, BinaryMetrics test) {}

    /** Everything a walk-forward run of one model type on one symbol produced. */
    public record Result(
            SequenceArchitecture architecture,
            String symbol,
            Split split,
            List<FoldResult> folds,
            OutOfFoldPredictions outOfFold,
            FitResult finalFit,
            int[] holdoutIndex,
            double[] holdoutP,
            BinaryMetrics holdout) {

        /** The final model (trained on the selection region). */
        public TrainedSequenceModel model() {
            return finalFit.model();
        }

        /** Mean of the per-fold test log losses (the selection score). */
        public double meanFoldLogLoss() {
            return folds.stream().mapToDouble(f -> f.test().logLoss()).average().orElse(Double.NaN);
        }
    }

    /** Walk-forward training of {@code arch} on {@code series}. */
    public Result train(SymbolSeries series, SequenceArchitecture arch) {
        return train(series, arch, new WalkForwardSplitter(splitConfig).split(series.size()));
    }

    /**
     * Walk-forward training on a given split of the series' bar indices (the one the tree models
     * used, so that all models are compared on the same folds and holdout).
     */
    public Result train(SymbolSeries series, SequenceArchitecture arch, Split split) {
        if (split.holdout().to() != series.size()) {
            throw new IllegalArgumentException(
                    "split covers "
                            + split.holdout().to()
                            + " bars but the series has "
                            + series.size());
        }
        List<FoldResult> folds = new ArrayList<>();
        List<Integer> oofFold = new ArrayList<>();
        List<Integer> oofIndex = new ArrayList<>();
        List<Double> oofP = new ArrayList<>();
        int fits = split.folds().size() + 1;
        Progress.step(
                arch.id() + " " + series.symbol() + ": walk-forward folds, then the final fit",
                fits,
                "fits");
        for (Fold fold : split.folds()) {
            Progress.advance(folds.size());
            FitResult fit = fit(series, fold.train(), arch, "fold-" + fold.index());
            int[] test =
                    SequenceWindows.evaluationSamples(fold.test(), config.window(), series.label());
            double[] p = fit.model().predict(series.x(), test);
            BinaryMetrics m = BinaryMetrics.of(p, labelsOf(series, test));
            LOG.info(
                    "{} {} fold {}: {} test samples, log loss {}, auc {}",
                    arch.id(),
                    series.symbol(),
                    fold.index(),
                    test.length,
                    m.logLoss(),
                    m.auc());
            folds.add(new FoldResult(fold.index(), fit, test, p, m));
            Progress.line(
                    String.format(
                            java.util.Locale.ROOT,
                            "  %s fold %d: log loss %.4f, AUC %.3f on %d test windows (%d epochs)",
                            arch.id(),
                            fold.index(),
                            m.logLoss(),
                            m.auc(),
                            test.length,
                            fit.curve().epochs()));
            for (int i = 0; i < test.length; i++) {
                oofFold.add(fold.index());
                oofIndex.add(test[i]);
                oofP.add(p[i]);
            }
        }
        Progress.advance(folds.size());
        FitResult fin = fit(series, List.of(new Range(0, split.selectionEnd())), arch, "final");
        Progress.advance(fits);
        int[] hold =
                SequenceWindows.evaluationSamples(split.holdout(), config.window(), series.label());
        double[] hp = fin.model().predict(series.x(), hold);
        BinaryMetrics hm = BinaryMetrics.of(hp, labelsOf(series, hold));
        LOG.info("{} {} holdout: {}", arch.id(), series.symbol(), hm);
        OutOfFoldPredictions oof =
                new OutOfFoldPredictions(
                        arch.id(),
                        oofFold.stream().mapToInt(Integer::intValue).toArray(),
                        oofIndex.stream().mapToInt(Integer::intValue).toArray(),
                        oofP.stream().mapToDouble(Double::doubleValue).toArray());
        return new Result(arch, series.symbol(), split, folds, oof, fin, hold, hp, hm);
    }

    /**
     * Fits {@code arch} on the training samples of {@code ranges} with early stopping on the
     * validation slice at their end.
     */
    public FitResult fit(
            SymbolSeries series, List<Range> ranges, SequenceArchitecture arch, String label) {
        SameDiffNoise.enter();
        try {
            return fitFiltered(series, ranges, arch, label);
        } finally {
            SameDiffNoise.exit();
        }
    }

    private FitResult fitFiltered(
            SymbolSeries series, List<Range> ranges, SequenceArchitecture arch, String label) {
        int w = config.window();
        int[] samples = SequenceWindows.trainingSamples(ranges, w, series.label());
        int nVal = (int) Math.round(samples.length * config.validationFraction());
        if (samples.length < 2 || nVal < 1) {
            throw new IllegalArgumentException(
                    arch.id()
                            + " "
                            + series.symbol()
                            + " "
                            + label
                            + ": only "
                            + samples.length
                            + " training windows of length "
                            + w
                            + ": use more data, a shorter window or fewer folds");
        }
        int[] val = Arrays.copyOfRange(samples, samples.length - nVal, samples.length);
        int valStart = val[0];
        int purge = splitConfig.purgeBars();
        // labels of fit samples must end before the validation slice starts
        int[] fitSamples = Arrays.stream(samples).filter(t -> t + purge < valStart).toArray();
        if (fitSamples.length < 1) {
            throw new IllegalArgumentException(
                    arch.id()
                            + " "
                            + series.symbol()
                            + " "
                            + label
                            + ": no fit samples left before the validation slice after purging "
                            + purge
                            + " bars: use more data or a smaller validation fraction");
        }
        int lastFit = fitSamples[fitSamples.length - 1];
        // normalise with the rows the fit windows read, nothing later
        ZScoreNormalizer norm =
                ZScoreNormalizer.fit(
                        series.x(),
                        i -> i <= lastFit && SequenceWindows.insideOneRange(i, 1, ranges));
        DataType dt = SequenceArchitecture.dataType(config);
        int pos = arch.positionalDims(config);

        MultiLayerNetwork net;
        // weight init draws from ND4J's random generator: seed and build under one lock so that
        // concurrent fits (Spark tasks in one executor) cannot interleave their draws
        synchronized (SequenceTrainer.class) {
            Nd4j.getRandom().setSeed(config.seed());
            net = arch.build(series.features(), config);
        }
        Random shuffle = new Random(config.seed());
        int[] order = fitSamples.clone();
        int[] yVal = labelsOf(series, val);
        INDArray valX = SequenceWindows.tensor(series.x(), val, w, norm, pos, dt);

        LearningCurve.Recorder curve = new LearningCurve.Recorder();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        INDArray bestParams = net.params().dup();
        int sinceBest = 0;
        long fitNanos = 0;
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
            long t0 = System.nanoTime();
            shuffleInPlace(order, shuffle);
            double scoreSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int[] b =
                        Arrays.copyOfRange(
                                order, from, Math.min(order.length, from + config.batchSize()));
                net.fit(
                        SequenceWindows.tensor(series.x(), b, w, norm, pos, dt),
                        SequenceWindows.labels(series.label(), b, dt));
                scoreSum += net.score();
                batches++;
            }
            fitNanos += System.nanoTime() - t0;
            INDArray out = net.output(valX, false);
            double valLoss = 0;
            for (int i = 0; i < val.length; i++) {
                valLoss += BinaryMetrics.logLoss(out.getDouble(i, 0), yVal[i]);
            }
            valLoss /= val.length;
            curve.add(scoreSum / batches, valLoss);
            Progress.detail(epoch, config.maxEpochs(), "epochs (" + label + ")");
            if (valLoss < best - 1e-9) {
                best = valLoss;
                bestEpoch = epoch;
                bestParams = net.params().dup();
                sinceBest = 0;
            } else if (++sinceBest >= config.patience()) {
                break;
            }
        }
        net.setParams(bestParams);
        int epochs = curve.train.size();
        LOG.debug(
                "{} {} {}: {} fit / {} validation windows, best epoch {} of {}",
                arch.id(),
                series.symbol(),
                label,
                fitSamples.length,
                val.length,
                bestEpoch,
                epochs);
        SequenceModelSpec spec =
                new SequenceModelSpec(
                        SequenceModelSpec.FORMAT,
                        arch.id(),
                        w,
                        pos,
                        series.featureSet().name(),
                        series.featureSet().version(),
                        series.featureSet().featureNames(),
                        config.dataType(),
                        series.symbol(),
                        series.interval(),
                        norm,
                        config.seed(),
                        epochs,
                        bestEpoch);
        return new FitResult(
                new TrainedSequenceModel(spec, net),
                curve.done(label, bestEpoch),
                fitSamples.length,
                val.length,
                valStart,
                fitNanos / 1e9 / epochs);
    }

    private static void shuffleInPlace(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static int[] labelsOf(SymbolSeries s, int[] samples) {
        return IntStream.of(samples).map(t -> s.label()[t]).toArray();
    }
}
