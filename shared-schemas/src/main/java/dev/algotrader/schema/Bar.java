package dev.algotrader.schema;

import java.io.Serializable;

/**
 * One OHLCV bar. {@code ts} is the bar open time in epoch milliseconds UTC; the bar is complete
 * (and may be used) at {@code ts + interval.millis()}.
 */
public record Bar(
        String symbol,
        String interval,
        long ts,
        double open,
        double high,
        double low,
        double close,
        double volume)
        implements Serializable {

    /** Epoch millis at which this bar is complete and may be acted on. */
    public long closeTime() {
        return ts + BarInterval.parse(interval).millis();
    }

    /**
     * Returns the reason this bar is impossible, or {@code null} if it is valid. Checked at every
     * boundary where bars enter the system.
     */
    public String invalidReason() {
        if (symbol == null || symbol.isBlank()) return "missing symbol";
        double[] v = {open, high, low, close, volume};
        for (double d : v) {
            if (Double.isNaN(d) || Double.isInfinite(d)) return "non-finite value";
        }
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) return "non-positive price";
        if (volume < 0) return "negative volume";
        if (high < low) return "high < low";
        if (high < Math.max(open, close) || low > Math.min(open, close)) {
            return "open/close outside high-low range";
        }
        return null;
    }
}
