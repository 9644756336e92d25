package dev.algotrader.core.trading;

import java.io.Serializable;

/**
 * A round trip: from a flat position to the next flat position (or a flip). {@code pnl} is net of
 * the fees paid by every fill of the trip; {@code quantity} is the largest absolute position held.
 */
public record Trade(
        String symbol,
        Direction side,
        long entryTs,
        long exitTs,
        double quantity,
        double entryPrice,
        double exitPrice,
        double pnl,
        double fees,
        String exitReason)
        implements Serializable {

    /** The trade's net PnL as a fraction of its largest entry notional. */
    public double returnPct() {
        double notional = quantity * entryPrice;
        return notional > 0 ? pnl / notional : 0.0;
    }
}
