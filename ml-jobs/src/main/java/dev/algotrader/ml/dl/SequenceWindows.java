package dev.algotrader.ml.dl;

import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sliding windows over one symbol's feature rows, and the rule that keeps them leak-free.
 *
 * <p>The window of bar {@code t} is rows {@code t-window+1 .. t} (oldest first); bars with fewer
 * than {@code window} rows before and including them have no window. <b>Training rule:</b> bar
 * {@code t} is a training sample of a fold only when its whole window lies inside one training
 * range of that fold, so no training window contains a test, purge or embargo row. <b>Evaluation
 * rule:</b> a test or holdout sample's window may read any earlier rows (the past), never later
 * ones.
 */
public final class SequenceWindows {

    private SequenceWindows() {}

    /** First row index of the window of bar {@code t}. */
    public static int windowStart(int t, int window) {
        return t - window + 1;
    }

    /** True when the whole window of {@code t} lies in one of {@code ranges}. */
    public static boolean insideOneRange(int t, int window, List<Range> ranges) {
        int from = windowStart(t, window);
        for (Range r : ranges) {
            if (from >= r.from() && t < r.to()) return true;
        }
        return false;
    }

    /** Training samples of {@code ranges}: labelled bars whose window lies inside one range. */
    public static int[] trainingSamples(List<Range> ranges, int window, int[] label) {
        return ranges.stream()
                .flatMapToInt(r -> IntStream.range(r.from(), r.to()))
                .filter(t -> label[t] >= 0 && insideOneRange(t, window, ranges))
                .toArray();
    }

    /** Evaluation samples of {@code range}: labelled bars that have a full window of past rows. */
    public static int[] evaluationSamples(Range range, int window, int[] label) {
        return IntStream.range(Math.max(range.from(), window - 1), range.to())
                .filter(t -> label[t] >= 0)
                .toArray();
    }

    /** Number of input channels per time step: features plus positional dimensions. */
    public static int channels(int features, int positionalDims) {
        return features + positionalDims;
    }

    /**
     * Sinusoidal position feature {@code d} of time step {@code s} (0 = oldest) in a window of
     * {@code window} steps: {@code sin/cos(s / window^(2k/dims))}, the transformer encoding with
     * the window length as base so every pair varies inside short windows.
     */
    public static double position(int s, int d, int dims, int window) {
        int k = d / 2;
        double base = Math.max(2, window);
        double angle = s / Math.pow(base, (2.0 * k) / Math.max(1, dims));
        return d % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
    }

    /**
     * The network input for {@code samples}: shape {@code [samples, features+positionalDims,
     * window]} (DL4J's NCW recurrent layout), normalised, with position features appended.
     */
    public static INDArray tensor(
            double[][] x,
            int[] samples,
            int window,
            ZScoreNormalizer norm,
            int positionalDims,
            DataType dataType) {
        int f = norm.features();
        int c = channels(f, positionalDims);
        int n = samples.length;
        double[] buf = new double[n * c * window];
        for (int i = 0; i < n; i++) {
            int t = samples[i];
            int from = windowStart(t, window);
            if (from < 0) {
                throw new IllegalArgumentException(
                        "bar " + t + " has fewer than " + window + " rows of history");
            }
            int base = i * c * window;
            for (int s = 0; s < window; s++) {
                double[] row = x[from + s];
                for (int j = 0; j < f; j++) {
                    buf[base + j * window + s] = norm.apply(j, row[j]);
                }
                for (int d = 0; d < positionalDims; d++) {
                    buf[base + (f + d) * window + s] = position(s, d, positionalDims, window);
                }
            }
        }
        INDArray out = Nd4j.create(buf, new long[] {n, c, window}, 'c');
        return dataType == DataType.DOUBLE ? out : out.castTo(dataType);
    }

    /** Labels of {@code samples} as a {@code [samples, 1]} column. */
    public static INDArray labels(int[] label, int[] samples, DataType dataType) {
        double[] y = new double[samples.length];
        for (int i = 0; i < samples.length; i++) y[i] = label[samples[i]];
        INDArray out = Nd4j.create(y, new long[] {samples.length, 1}, 'c');
        return dataType == DataType.DOUBLE ? out : out.castTo(dataType);
    }
}
