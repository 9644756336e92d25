package dev.algotrader.core.trading;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

    private static final int SNAPSHOT_MAGIC = 0x4B524E31; // "KRN1"

    /** The format version {@link #snapshot()} writes (its header carries it). */
    public static final short SNAPSHOT_VERSION = 1;

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
        this(
                portfolio,
                strategy,
                new RiskGate(portfolio.initialCash()),
                new PositionSizer(volLookback));
    }

    private KernelState(
            Portfolio portfolio, Strategy strategy, RiskGate risk, PositionSizer sizer) {
        this.portfolio = portfolio;
        this.strategy = strategy;
        this.risk = risk;
        this.sizer = sizer;
    }

    /**
     * The state as a self-contained byte array: a magic number and format version, then the
     * strategy's name and incremental state, the portfolio, the working orders, the risk gate, the
     * sizer, the bracket manager and the kernel's counters. Unlike Java serialisation it does not
     * depend on the classes' shapes, so a later build reads it (a new version reads the older
     * ones). {@code restore(snapshot(), strategies)} continues exactly like this state.
     */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bos);
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeShort(SNAPSHOT_VERSION);
            out.writeUTF(strategy.name());
            strategy.writeState(out);
            portfolio.write(out);
            working.write(out);
            risk.write(out);
            sizer.write(out);
            brackets.write(out);
            out.writeUTF(intended.name());
            out.writeLong(barsSeen);
            out.writeLong(lastBarTs);
            out.writeLong(ordersEmitted);
            out.writeLong(barsInPosition);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    /**
     * Rebuilds a state from {@link #snapshot()}; {@code strategies} makes the fresh strategy (of
     * the kernel's configuration) that reads its state back. A clear error for bytes of another
     * format or another strategy.
     */
    public static KernelState restore(byte[] state, KernelConfig.StrategyFactory strategies) {
        if (state == null || state.length < 6) {
            throw new IllegalArgumentException("not a kernel state snapshot (too short)");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IllegalArgumentException("not a kernel state snapshot (bad header)");
            }
            short version = in.readShort();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException(
                        "kernel state snapshot version "
                                + version
                                + " is not supported (this build reads "
                                + SNAPSHOT_VERSION
                                + ")");
            }
            String name = in.readUTF();
            Strategy strategy = strategies.get();
            if (!strategy.name().equals(name)) {
                throw new IllegalArgumentException(
                        "kernel state of strategy " + name + " cannot drive " + strategy.name());
            }
            strategy.readState(in);
            Portfolio portfolio = Portfolio.read(in);
            WorkingOrders working = new WorkingOrders();
            working.read(in);
            KernelState st =
                    new KernelState(portfolio, strategy, RiskGate.read(in), PositionSizer.read(in));
            st.working.addAll(working);
            st.brackets.read(in);
            st.intended = KernelCodec.of(Direction.class, in.readUTF());
            st.barsSeen = in.readLong();
            st.lastBarTs = in.readLong();
            st.ordersEmitted = in.readLong();
            st.barsInPosition = in.readLong();
            if (in.available() != 0) {
                throw new IllegalArgumentException(
                        "corrupt kernel state snapshot (trailing bytes)");
            }
            return st;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt kernel state snapshot (truncated)", e);
        }
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
