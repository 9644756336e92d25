package dev.algotrader.core.trading;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * All mutable state of one {@link TradingKernel}, held by its components: portfolio, strategy (with
 * its indicators), working orders, risk gate, position sizer (rolling returns) and bracket manager,
 * plus the kernel's own sequence counters. It is plain {@link Serializable} so a streaming engine
 * can keep it in keyed state and a restored kernel continues exactly where the old one stopped.
 */
public final class KernelState implements Serializable {

    private static final long serialVersionUID = 2L;

    final Portfolio portfolio;
    final Strategy strategy;
    final WorkingOrders working = new WorkingOrders();
    final RiskGate risk;
    final PositionSizer sizer;
    final BracketManager brackets = new BracketManager();
    Direction intended = Direction.FLAT;
    long barsSeen;
    long lastBarTs = Long.MIN_VALUE;
    long ordersEmitted;
    long barsInPosition;

    KernelState(Portfolio portfolio, Strategy strategy, int volLookback) {
        this.portfolio = portfolio;
        this.strategy = strategy;
        this.risk = new RiskGate(portfolio.initialCash());
        this.sizer = new PositionSizer(volLookback);
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** Orders emitted and neither filled nor cancelled yet, oldest first. */
    public List<WorkingOrder> workingOrders() {
        return working.all();
    }

    public long barsSeen() {
        return barsSeen;
    }

    /** Open time of the last bar processed, {@code Long.MIN_VALUE} before the first. */
    public long lastBarTs() {
        return lastBarTs;
    }

    public boolean halted() {
        return risk.halted();
    }

    public boolean killSwitch() {
        return risk.killSwitch();
    }

    public long ordersEmitted() {
        return ordersEmitted;
    }

    public long rejections() {
        return risk.rejections();
    }

    /** The risk rules' state. */
    public RiskGate risk() {
        return risk;
    }

    /** The sizing state (rolling returns). */
    public PositionSizer sizer() {
        return sizer;
    }

    /** The stop-loss / take-profit state. */
    public BracketManager brackets() {
        return brackets;
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
