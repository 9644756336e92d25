package dev.algotrader.core.trading;

import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.Collections;
import java.util.List;

/**
 * What the last {@link TradingKernel#advance} call did, as a view the kernel reuses (valid until
 * its next call): the same content as a {@link StepResult} without building its records, for a
 * driver that reads a few numbers per bar (a parameter sweep). Equity is marked at the bar's close.
 */
public final class StepView {

    private final List<Order> orders;
    private final List<Order> cancelled;
    private final List<Order> amended;
    private final List<Trade> closedTrades;
    private Direction decision = Direction.HOLD;
    private List<Fill> fills = List.of();
    private List<String> rejections = List.of();
    private double equity;

    StepView(StepLog log) {
        this.orders = Collections.unmodifiableList(log.orders);
        this.cancelled = Collections.unmodifiableList(log.cancelled);
        this.amended = Collections.unmodifiableList(log.amended);
        this.closedTrades = Collections.unmodifiableList(log.trades);
    }

    void set(Direction d, List<Fill> f, List<String> r, double e) {
        decision = d;
        fills = f;
        rejections = r;
        equity = e;
    }

    public Direction decision() {
        return decision;
    }

    public List<Fill> fills() {
        return fills;
    }

    public List<Order> orders() {
        return orders;
    }

    public List<Order> cancelled() {
        return cancelled;
    }

    public List<Order> amended() {
        return amended;
    }

    public List<Trade> closedTrades() {
        return closedTrades;
    }

    public List<String> rejections() {
        return rejections;
    }

    /** Equity marked at the bar's close (before this step's decision, which fills later). */
    public double equity() {
        return equity;
    }
}
