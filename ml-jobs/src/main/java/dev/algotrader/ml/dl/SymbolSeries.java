package dev.algotrader.ml.dl;

import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Label;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The series of one symbol from its feature rows (time order; rows inside the warm-up are
     * dropped) and its labels (matched on ts; UP = 1, DOWN/FLAT = 0, no label = -1).
     */
    public static SymbolSeries of(FeatureSetSpec spec, List<FeatureRow> rows, List<Label> labels) {
        Map<Long, Label.Direction> byTs = new HashMap<>();
        for (Label l : labels) byTs.put(l.ts(), l.direction());
        List<FeatureRow> warm = rows.stream().filter(FeatureRow::warm).toList();
        if (warm.isEmpty()) {
            throw new IllegalArgumentException("no warm feature rows: use more bars");
        }
        int n = warm.size();
        long[] ts = new long[n];
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            FeatureRow r = warm.get(i);
            if (!r.featureSetId().equals(spec.id())) {
                throw new IllegalArgumentException(
                        "row of feature set " + r.featureSetId() + ", expected " + spec.id());
            }
            ts[i] = r.ts();
            x[i] = r.values();
            Label.Direction d = byTs.get(r.ts());
            y[i] = d == null ? -1 : (d == Label.Direction.UP ? 1 : 0);
        }
        FeatureRow first = warm.get(0);
        return new SymbolSeries(first.symbol(), first.interval(), spec, ts, x, y);
    }
}
