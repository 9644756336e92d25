package dev.algotrader.core.config;

import java.util.List;

/**
 * Where the strategy keys live: {@code algotrader.strategy.*} ({@code
 * conf/defaults/strategy.conf}), and the old spelling under {@code algotrader.backtest.*} that is
 * still read (with a WARN naming the new key; the old key wins when set).
 */
public final class StrategyKeys {

    /** The namespace of the strategy, sizing, order, fill and risk keys. */
    public static final String ROOT = "algotrader.strategy";

    /** The namespace the keys moved out of. */
    public static final String LEGACY_ROOT = "algotrader.backtest";

    private static final List<String> SAME_PATH = List.of("sizing", "orders", "fill", "risk");

    private StrategyKeys() {}

    /**
     * The key relative to {@link #ROOT} that {@code legacyKey} (relative to {@link #LEGACY_ROOT})
     * moved to, or null when it did not move.
     */
    public static String moved(String legacyKey) {
        if (legacyKey.equals("mode")) return "mode";
        if (legacyKey.equals("latency-ms")) return "orders.latency-ms";
        if (legacyKey.startsWith("strategies.")) {
            return "params." + legacyKey.substring("strategies.".length());
        }
        for (String p : SAME_PATH) {
            if (legacyKey.startsWith(p + ".")) return legacyKey;
        }
        return null;
    }

    /**
     * The full new key of the full key {@code key} when it is an old-spelling strategy key, else
     * null.
     */
    public static String movedFull(String key) {
        if (!key.startsWith(LEGACY_ROOT + ".")) return null;
        String m = moved(key.substring(LEGACY_ROOT.length() + 1));
        return m == null ? null : ROOT + "." + m;
    }
}
