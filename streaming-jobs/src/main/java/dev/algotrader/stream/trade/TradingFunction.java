package dev.algotrader.stream.trade;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.SymbolTrader;
import dev.algotrader.core.trading.TradeOutcome;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The trader, keyed by symbol: each sequenced bar is one call of the symbol's engine-free {@link
 * SymbolTrader} (feature engine → champion score → trading kernel → venue), rebuilt from Flink
 * keyed state and written back after the bar, so a restore from a checkpoint continues exactly; the
 * champion arrives as broadcast state and takes effect at the next bar (a bar boundary).
 *
 * <p>The kernel executes on a {@link Venue} chosen once per operator instance ({@link Execution}):
 * paper trading on the kernel's simulated venue (paper = backtest), otherwise at a broker through
 * {@link BrokerVenue}, which submits each order idempotently by client order id, books the broker's
 * fills before every decision, replaces amended stop-loss / take-profit orders under {@link
 * Broker#replacementId} and cancels what the kernel cancels; its whole state is the key's one
 * {@link BrokerOrderTracker}. The control file is read before every bar ({@link ControlGate}):
 * paused or kill switch blocks new orders from that bar on.
 *
 * <p>Orders are the main output (an amended order again with its new terms, same client order id:
 * the orders table keeps the latest); fills, positions, equity, scores, audit events ({@link
 * #AUDIT}, appended to the event log by the job's sink) and the end-of-input state go to side
 * outputs. An order row downstream means the venue call completed: the kernel tells its venue
 * before the outcome is emitted.
 */
public final class TradingFunction
        extends KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> {

    /** Broadcast state: key {@code champion} → the accepted version. */
    public static final MapStateDescriptor<String, ModelRef> CHAMPION =
            new MapStateDescriptor<>("champion", Types.STRING, TypeInformation.of(ModelRef.class));

    public static final OutputTag<Fill> FILLS =
            new OutputTag<>("fills", TypeInformation.of(Fill.class));
    public static final OutputTag<Position> POSITIONS =
            new OutputTag<>("positions", TypeInformation.of(Position.class));
    public static final OutputTag<EquityPoint> EQUITY =
            new OutputTag<>("equity", TypeInformation.of(EquityPoint.class));
    public static final OutputTag<Signal> SIGNALS =
            new OutputTag<>("signals", TypeInformation.of(Signal.class));

    /** Audit events ({@code order.submitted}, {@code model.switched}, …) for the event log. */
    public static final OutputTag<AuditEvent> AUDIT =
            new OutputTag<>("audit", TypeInformation.of(AuditEvent.class));

    public static final OutputTag<SymbolState> FINAL_STATE =
            new OutputTag<>("final-state", SymbolState.TYPE);

    private final TraderSettings settings;
    private final ChampionSource champions;
    private final BrokerFactory brokerFactory;

    private transient TraderKeyedState state;
    private transient ControlGate control;
    private transient Execution execution;
    private transient Map<String, Scorer> scorers;
    private transient Map<String, KernelConfig> kernelConfigs;
    private transient ModelRef lastRef;
    private transient String lastKey;
    private transient SimulationClock simClock;
    private transient Clock clock;
    private transient Counter ordersOut;
    private transient Counter rejectedByBroker;

    public TradingFunction(
            TraderSettings settings, ChampionSource champions, BrokerFactory brokerFactory) {
        this.settings = settings;
        this.champions = champions;
        this.brokerFactory = brokerFactory;
    }

    @Override
    public void open(OpenContext ctx) {
        var rc = getRuntimeContext();
        state = new TraderKeyedState(rc, settings);
        control =
                new ControlGate(
                        new ControlFile(Path.of(settings.controlFile())),
                        rc.getState(new ValueStateDescriptor<>("control-seen", Types.STRING)));
        execution = Execution.of(brokerFactory, settings);
        scorers = new HashMap<>();
        kernelConfigs = new HashMap<>();
        simClock = new SimulationClock();
        clock = settings.replayClock() ? simClock : Clock.systemUTC();
        ordersOut = rc.getMetricGroup().counter("orders");
        rejectedByBroker = rc.getMetricGroup().counter("ordersRejectedByBroker");
    }

    @Override
    public void close() throws Exception {
        if (execution != null) execution.close();
    }

    @Override
    public void processBroadcastElement(Directive d, Context ctx, Collector<Order> out)
            throws Exception {
        ctx.getBroadcastState(CHAMPION).put("champion", d.champion());
    }

    @Override
    public void processElement(SequencedBar sb, ReadOnlyContext ctx, Collector<Order> out)
            throws Exception {
        Bar bar = sb.bar();
        String symbol = ctx.getCurrentKey();
        simClock.set(bar.closeTime());
        BrokerVenue.Effects fx = new OperatorEffects(ctx, settings.runId(), rejectedByBroker);
        // the champion switches only here, between bars
        ModelRef ref = ctx.getBroadcastState(CHAMPION).get("champion");
        if (ref == null) ref = settings.initialChampion();
        KernelConfig kc = kernelConfig(symbol, ref == null ? "" : ref.version());
        if (state.isNew()) ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        BrokerOrderTracker tracker = state.tracker(symbol);
        Venue venue = execution.venue(kc, tracker, bar.ts(), fx);
        SymbolTrader trader = state.trader(symbol, kc, venue, clock);
        if (settings.warmOnly(bar.ts())) {
            // before the trade-from time: features and score window only, nothing emitted
            trader.warm(bar, ref == null ? null : scorer(ref));
            state.save(trader, tracker);
            return;
        }
        control.apply(trader.kernel(), symbol, bar, fx);
        TradeOutcome r =
                ref == null
                        ? trader.onBar(bar, sb.gapBefore(), null, SymbolTrader.NO_MODEL)
                        : trader.onBar(bar, sb.gapBefore(), scorer(ref), modelKey(ref));
        state.save(trader, tracker);
        emit(r, trader, fx, ctx, out);
    }

    private void emit(
            TradeOutcome r,
            SymbolTrader trader,
            BrokerVenue.Effects fx,
            ReadOnlyContext ctx,
            Collector<Order> out) {
        for (var e : r.events()) fx.audit(e.type(), e.data());
        if (r.signal() != null) ctx.output(SIGNALS, r.signal());
        for (Fill f : r.fills()) ctx.output(FILLS, f);
        execution.audit(r, trader.kernel(), fx);
        for (Order o : r.orders()) {
            out.collect(o);
            ordersOut.inc();
        }
        if (!r.amended().isEmpty()) {
            TraderAudit.orders("order.amended", trader.symbol(), r.bar(), r.amended(), fx);
            r.amended().forEach(out::collect);
        }
        if (!r.cancelled().isEmpty()) {
            TraderAudit.orders("order.cancelled", trader.symbol(), r.bar(), r.cancelled(), fx);
        }
        ctx.output(POSITIONS, r.position());
        ctx.output(EQUITY, r.equity());
    }

    /** The symbol's kernel configuration for {@code version}, made once per symbol and version. */
    private KernelConfig kernelConfig(String symbol, String version) {
        KernelConfig kc = kernelConfigs.get(symbol);
        if (kc == null || !kc.modelVersion().equals(version)) {
            kc = settings.kernelFor(symbol, version);
            kernelConfigs.put(symbol, kc);
        }
        return kc;
    }

    private static String key(ModelRef ref) {
        return ref.name() + "@" + ref.version();
    }

    /** {@link #key} of the champion, made once per champion. */
    private String modelKey(ModelRef ref) {
        if (!ref.equals(lastRef)) {
            lastRef = ref;
            lastKey = key(ref);
        }
        return lastKey;
    }

    private Scorer scorer(ModelRef ref) {
        return scorers.computeIfAbsent(
                modelKey(ref),
                k -> {
                    try {
                        return champions.load(ref);
                    } catch (Exception e) {
                        // the watcher loaded and gated this version; failing here means the
                        // artifact changed under us: fail the task so Flink restarts from the
                        // checkpoint
                        throw new IllegalStateException(
                                "cannot load accepted champion " + ref.label(), e);
                    }
                });
    }

    /** At the end of a bounded input: hand the symbol's state to the paper-once state file. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Order> out) throws Exception {
        SymbolState end = state.finalState(ctx.getCurrentKey());
        if (end != null) ctx.output(FINAL_STATE, end);
    }
}
