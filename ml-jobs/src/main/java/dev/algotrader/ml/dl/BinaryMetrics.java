package dev.algotrader.ml.dl;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Metrics of P(UP) predictions against 0/1 labels: log loss (probabilities clipped to [1e-7,
 * 1-1e-7]), ROC AUC (ties averaged; NaN when only one class), accuracy at 0.5, Brier score.
 */
public record BinaryMetrics(
        int n, double baseRate, double logLoss, double auc, double accuracy, double brier) {

    private static final double EPS = 1e-7;

    /** Computes the metrics; {@code y[i]} must be 0 or 1. */
    public static BinaryMetrics of(double[] p, int[] y) {
        int n = p.length;
        if (y.length != n) throw new IllegalArgumentException("predictions/labels length");
        if (n == 0)
            return new BinaryMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double ll = 0, brier = 0;
        int correct = 0, pos = 0;
        for (int i = 0; i < n; i++) {
            ll += logLoss(p[i], y[i]);
            brier += (p[i] - y[i]) * (p[i] - y[i]);
            if ((p[i] >= 0.5 ? 1 : 0) == y[i]) correct++;
            pos += y[i];
        }
        return new BinaryMetrics(
                n, (double) pos / n, ll / n, auc(p, y), (double) correct / n, brier / n);
    }

    /** Log loss of one prediction. */
    public static double logLoss(double p, int y) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return -(y == 1 ? Math.log(q) : Math.log(1 - q));
    }

    /** Mann-Whitney AUC with average ranks for ties. */
    public static double auc(double[] p, int[] y) {
        int n = p.length;
        Integer[] idx = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingDouble(i -> p[i]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && p[idx[j + 1]] == p[idx[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[idx[k]] == 1) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** The metrics as a name → value map with {@code prefix} (for MLflow). */
    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "n", (double) n);
        m.put(prefix + "base_rate", baseRate);
        m.put(prefix + "log_loss", logLoss);
        m.put(prefix + "auc", auc);
        m.put(prefix + "accuracy", accuracy);
        m.put(prefix + "brier", brier);
        return m;
    }
}
