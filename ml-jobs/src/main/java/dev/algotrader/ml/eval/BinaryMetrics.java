package dev.algotrader.ml.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one set of binary classification metrics of P(UP) against the 0/1 label, used by the tree
 * search, the sequence models, the ensemble and the holdout board alike: ROC AUC (rank statistic,
 * ties averaged; NaN when only one class is present), log loss (probabilities clipped to [{@value
 * #EPS}, 1 - {@value #EPS}]), the Brier score, the UP base rate and, at {@code threshold} (UP when
 * {@code p > threshold}): accuracy, precision, recall, F1 of the UP class and the confusion matrix.
 * No predictions gives {@code n = 0} and NaN everywhere.
 */
public record BinaryMetrics(
        int n,
        double baseRate,
        double auc,
        double logLoss,
        double brier,
        double accuracy,
        double precision,
        double recall,
        double f1,
        long tp,
        long fp,
        long tn,
        long fn) {

    /** The one probability clip of the log loss (sklearn's historical default). */
    public static final double EPS = 1e-15;

    /** Computes all metrics; {@code p[i]} = P(UP), {@code y[i]} ∈ {0, 1}. */
    public static BinaryMetrics of(double[] p, double[] y, double threshold) {
        int n = p.length;
        if (y.length != n) throw new IllegalArgumentException("predictions/labels length");
        if (n == 0) {
            double nan = Double.NaN;
            return new BinaryMetrics(0, nan, nan, nan, nan, nan, nan, nan, nan, 0, 0, 0, 0);
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        double ll = 0, brier = 0;
        for (int i = 0; i < n; i++) {
            boolean up = y[i] > 0.5;
            boolean pred = p[i] > threshold;
            if (pred && up) tp++;
            else if (pred) fp++;
            else if (up) fn++;
            else tn++;
            ll += logLoss(p[i], up ? 1 : 0);
            double d = p[i] - (up ? 1 : 0);
            brier += d * d;
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(
                n,
                (double) (tp + fn) / n,
                auc(p, y),
                ll / n,
                brier / n,
                (double) (tp + tn) / n,
                precision,
                recall,
                f1,
                tp,
                fp,
                tn,
                fn);
    }

    /** {@link #of(double[], double[], double)} of integer labels at threshold 0.5. */
    public static BinaryMetrics of(double[] p, int[] y) {
        double[] d = new double[y.length];
        for (int i = 0; i < y.length; i++) d[i] = y[i];
        return of(p, d, 0.5);
    }

    /** Log loss of one prediction, with the one clip. */
    public static double logLoss(double p, int y) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return -(y == 1 ? Math.log(q) : Math.log(1 - q));
    }

    /** Mann–Whitney AUC; NaN when only one class is present. */
    static double auc(double[] p, double[] y) {
        int n = p.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && p[idx[j + 1]] == p[idx[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[idx[k]] > 0.5) {
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

    /**
     * Metrics as MLflow keys with {@code prefix} ({@code holdout_auc}, {@code fold_log_loss}, …);
     * the same keys for every model family.
     */
    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "n", (double) n);
        m.put(prefix + "base_rate", baseRate);
        m.put(prefix + "auc", auc);
        m.put(prefix + "log_loss", logLoss);
        m.put(prefix + "brier", brier);
        m.put(prefix + "accuracy", accuracy);
        m.put(prefix + "precision", precision);
        m.put(prefix + "recall", recall);
        m.put(prefix + "f1", f1);
        m.put(prefix + "tp", (double) tp);
        m.put(prefix + "fp", (double) fp);
        m.put(prefix + "tn", (double) tn);
        m.put(prefix + "fn", (double) fn);
        return m;
    }
}
