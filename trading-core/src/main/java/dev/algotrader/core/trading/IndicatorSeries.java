package dev.algotrader.core.trading;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The declared {@link Indicator}s of one symbol's bar series, computed ahead over the whole series
 * (bar {@code i}'s values use bars {@code <= i} only). A strategy bound to it ({@link
 * Strategy#bind}) reads its indicators by bar position and checks the bar's timestamp against
 * {@link #ts(int)}: a bar that is not the series' next one makes it fall back to its own
 * incremental computation, which gives the same values.
 */
public final class IndicatorSeries {

    private final long[] ts;
    private final Map<Indicator, double[]> values;

    private IndicatorSeries(long[] ts, Map<Indicator, double[]> values) {
        this.ts = ts;
        this.values = values;
    }

    /**
     * Computes {@code needed} over the bars with open times {@code ts} and closes {@code close}.
     */
    public static IndicatorSeries compute(
            long[] ts, double[] close, Collection<? extends Indicator> needed) {
        if (ts.length != close.length) {
            throw new IllegalArgumentException("timestamps and closes differ in length");
        }
        List<Integer> periods = new ArrayList<>();
        for (Indicator i : new LinkedHashSet<>(needed)) {
            if (Objects.requireNonNull(i) instanceof Indicator.Sma s) periods.add(s.period());
        }
        Map<Integer, double[]> smas = Indicator.smas(close, periods);
        Map<Indicator, double[]> values = new HashMap<>();
        for (Map.Entry<Integer, double[]> e : smas.entrySet()) {
            values.put(new Indicator.Sma(e.getKey()), e.getValue());
        }
        return new IndicatorSeries(ts, values);
    }

    /** A series over the same bars that reuses already computed values (a sweep's shared SMAs). */
    public static IndicatorSeries of(long[] ts, Map<Indicator, double[]> values) {
        for (double[] v : values.values()) {
            if (v.length != ts.length) {
                throw new IllegalArgumentException("indicator values differ in length from bars");
            }
        }
        return new IndicatorSeries(ts, Map.copyOf(values));
    }

    /** Number of bars. */
    public int size() {
        return ts.length;
    }

    /** Open time of bar {@code i}. */
    public long ts(int i) {
        return ts[i];
    }

    /** The values of {@code indicator}, one per bar; an indicator not computed is an error. */
    public double[] values(Indicator indicator) {
        double[] v = values.get(indicator);
        if (v == null) {
            throw new IllegalArgumentException(indicator + " was not computed for this series");
        }
        return v;
    }
}
