package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.SymbolTrader;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.stream.TraderSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The trading operator's keyed state of the current symbol, each part in a versioned format: the
 * feature engine, the kernel state, the score window's rows, the model key and the broker order
 * tracker. {@link #trader} rebuilds the symbol's {@link SymbolTrader} from it (or from the state a
 * resumed paper-once run ended with, or fresh), {@link #save} writes it back after the bar.
 */
final class TraderKeyedState {

    private final TraderSettings settings;
    private final ValueState<FeatureEngine> engine;
    private final ValueState<KernelState> kernel;
    private final ValueState<ArrayList<FeatureRow>> rows;
    private final ValueState<String> model;
    private final ValueState<BrokerOrderTracker> tracker;
    private final LegacyBrokerState legacy;

    TraderKeyedState(RuntimeContext rc, TraderSettings settings) {
        this.settings = settings;
        engine =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "engine", new VersionedSerializer<>(StateCodecs.ENGINE)));
        kernel =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "kernel",
                                new VersionedSerializer<>(
                                        StateCodecs.kernel(settings.kernel().strategyFactory()))));
        rows =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "rows", new VersionedSerializer<>(StateCodecs.ROWS)));
        model = rc.getState(new ValueStateDescriptor<>("model", Types.STRING));
        tracker =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "broker-orders", new VersionedSerializer<>(StateCodecs.TRACKER)));
        legacy = new LegacyBrokerState(rc);
    }

    /** True before the key's first bar (nothing in state yet). */
    boolean isNew() throws Exception {
        return engine.value() == null;
    }

    /**
     * The key's broker order tracker: from state, a legacy savepoint's four map states, the orders
     * a resumed run left open at the broker, or new. Changed in place during the bar.
     */
    BrokerOrderTracker tracker(String symbol) throws Exception {
        BrokerOrderTracker t = tracker.value();
        if (t == null) t = legacy.drain();
        if (t == null && isNew()) {
            SymbolState resume = settings.resume().get(symbol);
            if (resume != null) t = BrokerTracks.seed(resume);
        }
        return t == null ? new BrokerOrderTracker() : t;
    }

    /** The key's trader on {@code venue}: from state, else the run it resumes, else fresh. */
    SymbolTrader trader(String symbol, KernelConfig kc, Venue venue, Clock clock) throws Exception {
        SymbolState resume = settings.resume().get(symbol);
        FeatureEngine fe = engine.value();
        if (fe == null) {
            fe =
                    resume != null
                            ? resume.engine()
                            : FeatureEngine.create(
                                    settings.featureSet(), symbol, settings.interval());
        }
        KernelState ks = kernel.value();
        if (ks == null && resume != null) ks = resume.kernel();
        if (ks == null) return SymbolTrader.create(kc, venue, clock, fe);
        List<FeatureRow> kept = rows.value();
        String key = model.value();
        if (key == null) key = resume != null ? resume.modelKey() : SymbolTrader.NO_MODEL;
        return SymbolTrader.restore(kc, venue, clock, fe, ks, kept == null ? List.of() : kept, key);
    }

    /** Writes the trader's state (and the tracker) back after the bar. */
    void save(SymbolTrader trader, BrokerOrderTracker t) throws Exception {
        engine.update(trader.engine());
        kernel.update(trader.kernel().state());
        model.update(trader.modelKey());
        List<FeatureRow> window = trader.windowRows();
        if (!window.isEmpty()) rows.update(new ArrayList<>(window));
        tracker.update(t);
    }

    /**
     * The key's state as a finished run hands it to the next one, or null before any bar; the open
     * ids are those the broker knows them by (a replaced stop-loss lives on under {@code -r<n>}).
     */
    SymbolState finalState(String symbol) throws Exception {
        FeatureEngine fe = engine.value();
        KernelState ks = kernel.value();
        if (fe == null || ks == null) return null;
        BrokerOrderTracker t = tracker(symbol);
        return new SymbolState(
                symbol,
                // bars that only warmed the features (before trade-from) advance the cursor too
                settings.tradeFromMs() == TraderSettings.TRADE_ALL
                        ? ks.lastBarTs()
                        : Math.max(ks.lastBarTs(), fe.lastTs()),
                fe,
                ks,
                Objects.requireNonNullElse(model.value(), SymbolTrader.NO_MODEL),
                t.brokerIds(),
                BrokerTracks.toState(t),
                SymbolState.strategyOf(
                        ks, settings.kernel().strategyFactory(), settings.resume().get(symbol)));
    }
}
