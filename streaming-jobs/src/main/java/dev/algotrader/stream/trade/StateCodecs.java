package dev.algotrader.stream.trade;

import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.schema.FeatureRow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versioned state formats of the trader besides the engine's and the kernel's own: the broker
 * order tracker, the score window's rows and the end-of-run {@link SymbolState}; and the look-up by
 * name a savepoint's serializer snapshot restores through.
 */
public final class StateCodecs {

    private StateCodecs() {}

    /** The broker order tracker, format 1: per order id its track. */
    public static final StateCodec<BrokerOrderTracker> TRACKER = new Tracker();

    /** The rows of the score window, format 1. */
    public static final StateCodec<ArrayList<FeatureRow>> ROWS = new Rows();

    private static final Map<String, StateCodec<?>> CURRENT = new ConcurrentHashMap<>();

    static {
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
