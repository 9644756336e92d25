package dev.algotrader.core.trading;

import dev.algotrader.schema.OrderType;
import java.io.Serializable;

/**
 * How decisions become orders. Entries (and flips) use {@code entryType}: MARKET; LIMIT at the
 * decision bar's close improved by {@code offsetBps}; STOP at the close worsened by {@code
 * offsetBps} (a breakout entry). Exits to FLAT are always MARKET. Unfilled LIMIT/STOP entries are
 * cancelled after {@code ttlBars} bars. {@code stopLossPct}/{@code takeProfitPct} (fractions of the
 * average entry price, 0 = off) attach a reduce-only STOP and LIMIT (one cancels the other) to
 * every open position; when both could trigger inside one bar the stop loss is assumed to have come
 * first (the worst case).
 */
public record OrderPolicy(
        OrderType entryType,
        double offsetBps,
        int ttlBars,
        double stopLossPct,
        double takeProfitPct,
        long latencyMs)
        implements Serializable {

    public OrderPolicy {
        RiskLimits.check(entryType != null, "orders.entry-type must be market, limit or stop");
        RiskLimits.check(offsetBps >= 0, "orders.offset-bps must be >= 0");
        RiskLimits.check(ttlBars >= 1, "orders.ttl-bars must be >= 1");
        RiskLimits.check(stopLossPct >= 0 && stopLossPct < 1, "orders.stop-loss must be in [0, 1)");
        RiskLimits.check(takeProfitPct >= 0, "orders.take-profit must be >= 0");
        RiskLimits.check(latencyMs >= 0, "latency must be >= 0 ms");
    }

    /** Market orders, no stops, no latency. */
    public static OrderPolicy market() {
        return new OrderPolicy(OrderType.MARKET, 0, 1, 0, 0, 0);
    }
}
