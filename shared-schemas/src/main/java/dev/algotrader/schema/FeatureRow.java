package dev.algotrader.schema;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The features of one bar, in the column order of the feature set named by {@code featureSetId}.
 * {@code warm} is false while any feature is inside its warm-up; such rows are never used for
 * training or trading.
 */
public record FeatureRow(
        String symbol, String interval, long ts, String featureSetId, boolean warm, double[] values)
        implements Serializable {

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureRow r
                && symbol.equals(r.symbol)
                && interval.equals(r.interval)
                && ts == r.ts
                && featureSetId.equals(r.featureSetId)
                && warm == r.warm
                && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * symbol.hashCode() + Long.hashCode(ts)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureRow["
                + symbol
                + " "
                + interval
                + " "
                + ts
                + " "
                + featureSetId
                + " warm="
                + warm
                + " "
                + Arrays.toString(values)
                + "]";
    }
}
