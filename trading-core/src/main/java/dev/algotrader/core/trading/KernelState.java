package dev.algotrader.core.trading;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * All mutable state of one {@link TradingKernel}: portfolio, strategy (with its indicators),
 * working orders, risk counters and the rolling returns used for volatility sizing. It is plain
 * {@link Serializable} so a streaming engine can keep it in keyed state and a restored kernel
 * continues exactly where the old one stopped.
 */
public final class KernelState implements Serializable {

    private static final long serialVersionUID = 1L;

    final Portfolio portfolio;
    final Strategy strategy;
    final List<WorkingOrder> working = new ArrayList<>();
    final ArrayDeque<Long> recentOrderTimes = new ArrayDeque<>();
    Direction intended = Direction.FLAT;
    long barsSeen;
    long lastBarTs = Long.MIN_VALUE;
    double lastClose = Double.NaN;
    double peakEquity;
    boolean halted;
    boolean killSwitch;
    long ordersEmitted;
    long rejections;
    long barsInPosition;

    /** The position quantity the working stop-loss / take-profit pair is sized for (0 = none). */
    double protectedQty;

    final double[] logReturns;
    int returnsCount;

    KernelState(Portfolio portfolio, Strategy strategy, int volLookback) {
        this.portfolio = portfolio;
        this.strategy = strategy;
        this.peakEquity = portfolio.initialCash();
        this.logReturns = new double[Math.max(2, volLookback)];
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** Orders emitted and neither filled nor cancelled yet, oldest first. */
    public List<WorkingOrder> workingOrders() {
        return List.copyOf(working);
    }

    public long barsSeen() {
        return barsSeen;
    }

    /** Open time of the last bar processed, {@code Long.MIN_VALUE} before the first. */
    public long lastBarTs() {
        return lastBarTs;
    }

    public boolean halted() {
        return halted;
    }

    public boolean killSwitch() {
        return killSwitch;
    }

    public long ordersEmitted() {
        return ordersEmitted;
    }

    public long rejections() {
        return rejections;
    }

    /** Number of bars that closed with a non-zero position. */
    public long barsInPosition() {
        return barsInPosition;
    }

    /** A deep copy through Java serialisation (what a state backend does). */
    public KernelState deepCopy() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(this);
            }
            try (ObjectInputStream in =
                    new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (KernelState) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
