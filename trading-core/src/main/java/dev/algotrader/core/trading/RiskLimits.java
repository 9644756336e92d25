package dev.algotrader.core.trading;

import java.io.Serializable;

/**
 * Pre-trade limits. Position and order sizes are clipped to the caps; the other rules reject the
 * order with a reason. {@code maxDrawdown} is a fraction (0.25 = halt new entries once equity is
 * 25% below its peak; exits stay allowed). {@code staleAfterMs}: no new order when the clock is
 * more than this past the bar's close; {@code blockOnGap}: none after a flagged gap either. Use
 * {@code Double.POSITIVE_INFINITY} / {@code Long.MAX_VALUE} / {@code Integer.MAX_VALUE} for "no
 * limit".
 */
public record RiskLimits(
        double maxPositionQty,
        double maxPositionNotional,
        double maxOrderNotional,
        int maxOrdersPerWindow,
        long orderWindowMs,
        double maxDrawdown,
        boolean killSwitch,
        long staleAfterMs,
        boolean blockOnGap)
        implements Serializable {

    public RiskLimits {
        check(maxPositionQty > 0, "risk.max-position-qty must be > 0");
        check(maxPositionNotional > 0, "risk.max-position-notional must be > 0");
        check(maxOrderNotional > 0, "risk.max-order-notional must be > 0");
        check(maxOrdersPerWindow >= 1, "risk.max-orders-per-window must be >= 1");
        check(orderWindowMs >= 1, "risk.order-window must be positive");
        check(maxDrawdown > 0 && maxDrawdown <= 1, "risk.max-drawdown must be in (0, 1]");
        check(staleAfterMs >= 0, "risk.stale-after must be >= 0");
    }

    /** No caps, no halts: for tests and benchmarks. */
    public static RiskLimits none() {
        return new RiskLimits(
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                1.0,
                false,
                Long.MAX_VALUE,
                false);
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
