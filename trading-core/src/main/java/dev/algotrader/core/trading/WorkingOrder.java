package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import java.io.Serializable;

/**
 * An order the kernel has emitted and that is not yet fully filled or cancelled: the intent plus
 * its remaining quantity and the time window in which it may fill.
 */
public final class WorkingOrder implements Serializable {

    /** Why the order exists; protective orders are reduce-only and cancel each other (OCO). */
    public enum Kind {
        DECISION,
        STOP_LOSS,
        TAKE_PROFIT
    }

    private final Order order;
    private final Kind kind;
    private final long eligibleAt;
    private final long expiresAt;
    private double remaining;

    public WorkingOrder(Order order, Kind kind, long eligibleAt, long expiresAt) {
        this.order = order;
        this.kind = kind;
        this.eligibleAt = eligibleAt;
        this.expiresAt = expiresAt;
        this.remaining = order.quantity();
    }

    public Order order() {
        return order;
    }

    public Kind kind() {
        return kind;
    }

    /** Earliest epoch millis at which the order reaches the market: decision time + latency. */
    public long eligibleAt() {
        return eligibleAt;
    }

    /** The order is cancelled at the close of the first bar ending after this time. */
    public long expiresAt() {
        return expiresAt;
    }

    public double remaining() {
        return remaining;
    }

    void reduce(double filled) {
        remaining = Math.max(0.0, remaining - filled);
    }

    /** Stop loss or take profit: reduce-only, one cancels the other. */
    public boolean protective() {
        return kind != Kind.DECISION;
    }
}
