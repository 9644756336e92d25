package dev.algotrader.core.backtest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Out-of-sample model scores by symbol and bar open time, as read from {@code gold/predictions}.
 */
public final class Predictions implements Serializable {

    private final Map<String, Map<Long, Double>> bySymbol = new HashMap<>();

    /** No scores (the baselines need none). */
    public static Predictions none() {
        return new Predictions();
    }

    /** Adds the score of {@code symbol}'s bar opening at {@code ts}. */
    public Predictions put(String symbol, long ts, double probabilityUp) {
        if (!(probabilityUp >= 0 && probabilityUp <= 1)) {
            throw new IllegalArgumentException(
                    "probability_up must be in [0, 1], got " + probabilityUp + " at " + ts);
        }
        bySymbol.computeIfAbsent(symbol, s -> new HashMap<>()).put(ts, probabilityUp);
        return this;
    }

    /** The score of the bar, empty when the model did not score it. */
    public OptionalDouble at(String symbol, long ts) {
        Map<Long, Double> m = bySymbol.get(symbol);
        Double p = m == null ? null : m.get(ts);
        return p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
    }

    public boolean isEmpty() {
        return bySymbol.isEmpty();
    }
}
