package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.schema.FeatureRow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.util.InstantiationUtil;

/**
 * The versioned state formats of the trader: the feature engine and the kernel state (their own
 * snapshot formats), the broker order tracker, the score window's rows and the end-of-run {@link
 * SymbolState}; and the look-up by name a savepoint's serializer snapshot restores through.
 */
public final class StateCodecs {

    private StateCodecs() {}

    /** The name of the kernel state's format. */
    static final String KERNEL = "kernel-state";

    /** The feature engine in its own snapshot format ({@link FeatureEngine#snapshot()}). */
    public static final StateCodec<FeatureEngine> ENGINE = new Engine();

    /** The broker order tracker, format 1: per order id its track. */
    public static final StateCodec<BrokerOrderTracker> TRACKER = new Tracker();

    /** The rows of the score window, format 1. */
    public static final StateCodec<ArrayList<FeatureRow>> ROWS = new Rows();

    private static final Map<String, StateCodec<?>> CURRENT = new ConcurrentHashMap<>();

    static {
        register(ENGINE);
        register(new Kernel(null));
        register(TRACKER);
        register(ROWS);
        register(SymbolStateCodec.INSTANCE);
    }

    /** This build's codec of the format {@code name}. */
    @SuppressWarnings("unchecked")
    public static <T> StateCodec<T> current(String name) {
        StateCodec<?> c = CURRENT.get(name);
        if (c == null) {
            throw new IllegalStateException(
                    "this build has no state format '" + name + "': " + StateSerializers.RESET);
        }
        return (StateCodec<T>) c;
    }

    /**
     * Makes {@code codec} this build's codec of its format (a test stands in a later build whose
     * state class gained a field); returns the codec it replaced.
     */
    public static StateCodec<?> register(StateCodec<?> codec) {
        return CURRENT.put(codec.name(), codec);
    }

    /**
     * The kernel state in its own snapshot format ({@link KernelState#snapshot()}), read with the
     * fresh strategy {@code strategies} makes (the snapshot holds the strategy's incremental state,
     * not its parameters).
     */
    public static StateCodec<KernelState> kernel(KernelConfig.StrategyFactory strategies) {
        return new Kernel(Objects.requireNonNull(strategies, "strategy factory"));
    }

    private static final class Engine extends SelfVersionedCodec<FeatureEngine> {
        @Override
        public String name() {
            return "feature-engine";
        }

        @Override
        public int version() {
            return FeatureEngine.SNAPSHOT_VERSION;
        }

        @Override
        byte[] snapshot(FeatureEngine e) {
            return e.snapshot();
        }

        @Override
        FeatureEngine restore(byte[] snapshot) {
            return FeatureEngine.restore(snapshot);
        }
    }

    /** Its parameter is the strategy factory (Java-serialized: configuration, not state). */
    private static final class Kernel extends SelfVersionedCodec<KernelState> {
        private final KernelConfig.StrategyFactory strategies;

        Kernel(KernelConfig.StrategyFactory strategies) {
            this.strategies = strategies;
        }

        @Override
        public String name() {
            return KERNEL;
        }

        @Override
        public int version() {
            return KernelState.SNAPSHOT_VERSION;
        }

        @Override
        byte[] snapshot(KernelState k) {
            return k.snapshot();
        }

        @Override
        KernelState restore(byte[] snapshot) {
            if (strategies == null) {
                throw new IllegalStateException("kernel state codec without its strategy factory");
            }
            return KernelState.restore(snapshot, strategies);
        }

        @Override
        public byte[] parameters() {
            try {
                return InstantiationUtil.serializeObject(strategies);
            } catch (IOException e) {
                throw new IllegalStateException("the kernel's strategy factory: " + e, e);
            }
        }

        @Override
        public StateCodec<KernelState> withParameters(byte[] parameters, ClassLoader loader) {
            try {
                return new Kernel(InstantiationUtil.deserializeObject(parameters, loader));
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                throw new IllegalStateException(
                        "the savepoint's kernel strategy configuration cannot be read by this"
                                + " build ("
                                + e
                                + "): "
                                + StateSerializers.RESET,
                        e);
            }
        }
    }

    private static final class Tracker implements StateCodec<BrokerOrderTracker> {
        @Override
        public String name() {
            return "broker-order-tracker";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(BrokerOrderTracker t, DataOutputStream out) throws IOException {
            Map<String, BrokerOrderTracker.Track> tracks = t.tracks();
            out.writeInt(tracks.size());
            for (Map.Entry<String, BrokerOrderTracker.Track> e : tracks.entrySet()) {
                out.writeUTF(e.getKey());
                writeTrack(e.getValue(), out);
            }
        }

        @Override
        public BrokerOrderTracker read(int version, DataInputStream in) throws IOException {
            if (version != 1) throw StateCodec.unknownVersion(name(), version);
            int n = count(in);
            Map<String, BrokerOrderTracker.Track> tracks = new TreeMap<>();
            for (int i = 0; i < n; i++) tracks.put(in.readUTF(), readTrack(in));
            return BrokerOrderTracker.of(tracks);
        }
    }

    static void writeTrack(BrokerOrderTracker.Track t, DataOutputStream out) throws IOException {
        out.writeDouble(t.booked());
        out.writeInt(t.amendments());
        out.writeDouble(t.filledOnReplaced());
        out.writeInt(t.amendRetries());
    }

    static BrokerOrderTracker.Track readTrack(DataInputStream in) throws IOException {
        return new BrokerOrderTracker.Track(
                in.readDouble(), in.readInt(), in.readDouble(), in.readInt());
    }

    private static final class Rows implements StateCodec<ArrayList<FeatureRow>> {
        @Override
        public String name() {
            return "score-rows";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(ArrayList<FeatureRow> rows, DataOutputStream out) throws IOException {
            out.writeInt(rows.size());
            for (FeatureRow r : rows) {
                out.writeUTF(r.symbol());
                out.writeUTF(r.interval());
                out.writeLong(r.ts());
                out.writeUTF(r.featureSetId());
                out.writeBoolean(r.warm());
                out.writeInt(r.values().length);
                for (double v : r.values()) out.writeDouble(v);
            }
        }

        @Override
        public ArrayList<FeatureRow> read(int version, DataInputStream in) throws IOException {
            if (version != 1) throw StateCodec.unknownVersion(name(), version);
            int n = count(in);
            ArrayList<FeatureRow> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String symbol = in.readUTF();
                String interval = in.readUTF();
                long ts = in.readLong();
                String set = in.readUTF();
                boolean warm = in.readBoolean();
                double[] v = new double[count(in)];
                for (int j = 0; j < v.length; j++) v[j] = in.readDouble();
                rows.add(new FeatureRow(symbol, interval, ts, set, warm, v));
            }
            return rows;
        }
    }

    /** A non-negative element count; a negative or huge one means corrupt bytes. */
    static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) throw new IOException("corrupt state (count " + n + ")");
        return n;
    }
}
