package dev.algotrader.core.trading;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * An indicator a {@link Strategy} declares it reads ({@link Strategy#indicators()}), so that a
 * backtester computes exactly these over a whole series ahead ({@link IndicatorSeries}) instead of
 * the strategy recomputing them bar by bar or a feature engine computing twenty it does not use.
 * Every value at bar {@code i} depends on bars {@code <= i} only, and is bit-identical to what the
 * strategy computes incrementally.
 */
public sealed interface Indicator {

    /** Bars before the first defined value (NaN before it). */
    int warmupBars();

    /**
     * Simple moving average of the closes, summed fresh newest bar first ({@code c[i] + c[i-1] +
     * ... + c[i-period+1]}, then divided by {@code period}): the order {@link SmaCrossStrategy}
     * sums in, so the values match it bit for bit.
     */
    record Sma(int period) implements Indicator {
        public Sma {
            if (period < 1) throw new IllegalArgumentException("SMA period must be >= 1");
        }

        @Override
        public int warmupBars() {
            return period - 1;
        }
    }

    /**
     * The SMAs of {@code periods} over {@code close}, all from one pass per lag: the running sums
     * of a lag {@code k} are the sums of every period {@code > k}, each element summed in the same
     * order as {@link Sma} specifies (the inner loop over bars vectorises, the order per element
     * stays newest first).
     */
    static Map<Integer, double[]> smas(double[] close, Collection<Integer> periods) {
        TreeMap<Integer, double[]> out = new TreeMap<>();
        if (periods.isEmpty()) return out;
        int n = close.length;
        int max = 0;
        for (int p : periods) max = Math.max(max, p);
        double[] acc = new double[n];
        for (int k = 0; k < max; k++) {
            // acc[i] += c[i - k] for every i that has that many bars behind it
            for (int i = k; i < n; i++) acc[i] += close[i - k];
            int p = k + 1;
            if (periods.contains(p)) {
                double[] sma = new double[n];
                Arrays.fill(sma, 0, Math.min(n, p - 1), Double.NaN);
                for (int i = p - 1; i < n; i++) sma[i] = acc[i] / p;
                out.put(p, sma);
            }
        }
        return out;
    }
}
