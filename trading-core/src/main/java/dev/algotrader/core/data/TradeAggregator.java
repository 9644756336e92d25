package dev.algotrader.core.data;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates trades of one symbol, in arrival order, into OHLCV bars of a fixed interval. Open is
 * the first trade of the bar, close the last one in arrival order (trades may share a timestamp).
 * Bars with no trade are not invented; the cleaning step flags the gap instead.
 */
public final class TradeAggregator {

    private final String symbol;
    private final BarInterval interval;
    private long barTs = Long.MIN_VALUE;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;

    public TradeAggregator(String symbol, BarInterval interval) {
        this.symbol = symbol;
        this.interval = interval;
    }

    /** Start of the bar containing {@code tsMillis}. */
    public static long barStart(long tsMillis, long intervalMillis) {
        return Math.floorDiv(tsMillis, intervalMillis) * intervalMillis;
    }

    /**
     * Adds one trade; returns the previous bar when this trade starts a new one, else null. Trades
     * must not go back in time (the caller quarantines out-of-order trades).
     */
    public Bar add(long tsMillis, double price, double amount) {
        long start = barStart(tsMillis, interval.millis());
        if (barTs != Long.MIN_VALUE && start < barTs) {
            throw new IllegalArgumentException(
                    "trade at " + tsMillis + " is older than the open bar " + barTs);
        }
        Bar done = null;
        if (start != barTs) {
            done = current();
            barTs = start;
            open = high = low = close = price;
            volume = amount;
        } else {
            high = Math.max(high, price);
            low = Math.min(low, price);
            close = price;
            volume += amount;
        }
        return done;
    }

    /**
     * Continues the open bar {@code partial} (built from the first part of its trades, e.g. by an
     * earlier file that ended inside it): later trades of the same interval extend it exactly as if
     * they had followed in one input, volume summed in arrival order. Replaces any open bar.
     */
    public void resume(Bar partial) {
        barTs = partial.ts();
        open = partial.open();
        high = partial.high();
        low = partial.low();
        close = partial.close();
        volume = partial.volume();
    }

    /** The bar still open, or null; call at the end of input. */
    public Bar flush() {
        Bar b = current();
        barTs = Long.MIN_VALUE;
        return b;
    }

    private Bar current() {
        if (barTs == Long.MIN_VALUE) return null;
        return new Bar(symbol, interval.text(), barTs, open, high, low, close, volume);
    }

    /** Aggregates whole arrays of trades (seconds or millis already converted to millis). */
    public static List<Bar> aggregate(
            String symbol, BarInterval interval, long[] tsMillis, double[] price, double[] amount) {
        TradeAggregator agg = new TradeAggregator(symbol, interval);
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < tsMillis.length; i++) {
            Bar b = agg.add(tsMillis[i], price[i], amount[i]);
            if (b != null) out.add(b);
        }
        Bar last = agg.flush();
        if (last != null) out.add(last);
        return out;
    }
}
