package dev.algotrader.ml.dl;

import dev.algotrader.schema.FeatureSetSpec;

/**
 * The time-ordered feature rows of one symbol and interval with aligned labels: {@code x[i]} are
 * the features of bar {@code ts[i]}, {@code label[i]} is 1 for UP, 0 for DOWN/FLAT and -1 where the
 * label is unknown (horizon incomplete): such rows may serve as window context but are never a
 * sample.
 */
public record SymbolSeries(
        String symbol,
        String interval,
        FeatureSetSpec featureSet,
        long[] ts,
        double[][] x,
        int[] label) {

    public SymbolSeries {
        int n = ts.length;
        if (x.length != n || label.length != n) {
            throw new IllegalArgumentException(
                    "series "
                            + symbol
                            + ": ts, features and labels differ in length ("
                            + n
                            + ", "
                            + x.length
                            + ", "
                            + label.length
                            + ")");
        }
        int f = featureSet.featureNames().size();
        for (int i = 0; i < n; i++) {
            if (i > 0 && ts[i] <= ts[i - 1]) {
                throw new IllegalArgumentException(
                        "series " + symbol + ": bar times must strictly increase at row " + i);
            }
            if (x[i].length != f) {
                throw new IllegalArgumentException(
                        "series "
                                + symbol
                                + ": row "
                                + i
                                + " has "
                                + x[i].length
                                + " features, feature set "
                                + featureSet.id()
                                + " has "
                                + f);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "series "
                                    + symbol
                                    + ": non-finite feature at row "
                                    + i
                                    + " (ts "
                                    + ts[i]
                                    + "): drop warm-up rows before training");
                }
            }
            if (label[i] < -1 || label[i] > 1) {
                throw new IllegalArgumentException("label must be -1, 0 or 1 at row " + i);
            }
        }
    }

    public int size() {
        return ts.length;
    }

    public int features() {
        return featureSet.featureNames().size();
    }
}
