package dev.algotrader.stream.trade;

import dev.algotrader.core.backtest.Strategies;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versioned format of a {@link SymbolState} (paper-once state files, the job's end-of-run
 * output). Format 1: symbol, last bar time, model key, the strategy (name and parameters: the
 * kernel's snapshot holds the strategy's incremental state, not its parameters), the feature
 * engine's and the kernel's own versioned snapshots, the ids open at the broker and the broker
 * tracks. No Java class is named, so a later build reads it.
 */
final class SymbolStateCodec implements StateCodec<SymbolState> {

    static final SymbolStateCodec INSTANCE = new SymbolStateCodec();

    @Override
    public String name() {
        return "symbol-state";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(SymbolState s, DataOutputStream out) throws IOException {
        out.writeUTF(s.symbol());
        out.writeLong(s.lastBarTs());
        out.writeUTF(s.modelKey());
        if (!(s.strategies() instanceof Strategies.Spec spec)) {
            throw new IllegalArgumentException(
                    "trader state of "
                            + s.symbol()
                            + " cannot be stored: its strategy is not a named strategy"
                            + " (Strategies.Spec) but "
                            + s.strategies());
        }
        out.writeUTF(spec.name());
        Map<String, Double> params = new TreeMap<>(spec.params());
        out.writeInt(params.size());
        for (Map.Entry<String, Double> e : params.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
        bytes(out, s.engine().snapshot());
        bytes(out, s.kernel().snapshot());
        out.writeInt(s.openClientOrderIds().size());
        for (String id : s.openClientOrderIds()) out.writeUTF(id);
        Map<String, SymbolState.BrokerTrack> tracks = new TreeMap<>(s.brokerTracks());
        out.writeInt(tracks.size());
        for (Map.Entry<String, SymbolState.BrokerTrack> e : tracks.entrySet()) {
            SymbolState.BrokerTrack t = e.getValue();
            out.writeUTF(e.getKey());
            out.writeDouble(t.booked());
            out.writeInt(t.amendments());
            out.writeDouble(t.filledOnReplaced());
            out.writeInt(t.amendRetries());
        }
    }

    @Override
    public SymbolState read(int version, DataInputStream in) throws IOException {
        if (version != 1) throw StateCodec.unknownVersion(name(), version);
        String symbol = in.readUTF();
        long lastBarTs = in.readLong();
        String modelKey = in.readUTF();
        String strategy = in.readUTF();
        Map<String, Double> params = new HashMap<>();
        for (int i = StateCodecs.count(in); i > 0; i--) params.put(in.readUTF(), in.readDouble());
        KernelConfig.StrategyFactory strategies = new Strategies.Spec(strategy, Map.copyOf(params));
        FeatureEngine engine = FeatureEngine.restore(bytes(in));
        KernelState kernel = KernelState.restore(bytes(in), strategies);
        List<String> open = new ArrayList<>();
        for (int i = StateCodecs.count(in); i > 0; i--) open.add(in.readUTF());
        Map<String, SymbolState.BrokerTrack> tracks = new HashMap<>();
        for (int i = StateCodecs.count(in); i > 0; i--) {
            tracks.put(
                    in.readUTF(),
                    new SymbolState.BrokerTrack(
                            in.readDouble(), in.readInt(), in.readDouble(), in.readInt()));
        }
        return new SymbolState(
                symbol, lastBarTs, engine, kernel, modelKey, open, tracks, strategies);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[StateCodecs.count(in)];
        in.readFully(b);
        return b;
    }
}
