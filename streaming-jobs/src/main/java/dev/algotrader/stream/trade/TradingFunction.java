package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.ScoreWindow;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.StepResult;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.venue.ExternalVenue;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trader, keyed by symbol: feature engine → champion score → trading kernel (strategy, risk,
 * fill model, portfolio) → broker, one sequenced bar at a time. Everything per symbol lives in
 * Flink keyed state (engine, kernel state, the model version last used, the orders still open at an
 * external broker), so a restore from a checkpoint continues exactly; the champion arrives as
 * broadcast state and takes effect at the next bar (a bar boundary).
 *
 * <p>Orders are the main output; fills, positions, equity, scores, audit events ({@link #AUDIT},
 * appended to the event log by the job's sink) and the end-of-input state go to side outputs. Paper
 * trading fills on the kernel's simulated venue (paper = backtest); with an external broker {@link
 * BrokerVenue} submits each order idempotently by client order id, polls its fills before every bar
 * and books them into the kernel. The control file is read before every bar: paused or kill switch
 * blocks new orders from that bar on.
 *
 * <p>A stop-loss / take-profit the kernel amends (the position changed size) is emitted again with
 * its new terms (same client order id: the orders table keeps the latest) and, at an external
 * broker, replaced: the n-th replacement is a broker order with the deterministic id {@link
 * Broker#replacementId}; the key's {@link BrokerOrderTracker} keeps n and the fills of the replaced
 * orders, so fills are booked once across the chain and a replay after a restore finds its
 * replacement by look-up.
 */
public final class TradingFunction
        extends KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> {

    private static final Logger LOG = LoggerFactory.getLogger(TradingFunction.class);

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
            new OutputTag<>("final-state", TypeInformation.of(SymbolState.class));

    private static final String NO_MODEL = "";

    /** The broker name paper trading's events carry. */
    private static final String PAPER = "paper";

    private final TraderSettings settings;
    private final ChampionSource champions;
    private final BrokerFactory brokerFactory;

    private transient ValueState<FeatureEngine> engineState;
    private transient ValueState<KernelState> kernelState;
    private transient ValueState<java.util.ArrayList> rowsState;
    private transient ValueState<String> modelState;
    private transient ValueState<String> controlSeen;
    private transient ValueState<BrokerOrderTracker> trackerState;
    private transient LegacyBrokerState legacy;
    private transient Map<String, Scorer> scorers;
    private transient Broker broker;
    private transient BrokerVenue venue;
    private transient boolean paper;
    private transient ControlFile control;
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
        engineState =
                rc.getState(new ValueStateDescriptor<>("engine", new EngineStateSerializer()));
        kernelState =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "kernel",
                                new KernelStateSerializer(settings.kernel().strategyFactory())));
        rowsState = rc.getState(new ValueStateDescriptor<>("rows", new StateSerializers.Rows()));
        modelState = rc.getState(new ValueStateDescriptor<>("model", Types.STRING));
        controlSeen = rc.getState(new ValueStateDescriptor<>("control-seen", Types.STRING));
        trackerState =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "broker-orders", new StateSerializers.Tracker()));
        legacy = new LegacyBrokerState(rc);
        scorers = new HashMap<>();
        paper = brokerFactory.isPaper();
        if (!paper) {
            broker = brokerFactory.create();
            venue = new BrokerVenue(broker, settings.runId(), settings.amendRetryBars());
        }
        control = new ControlFile(Path.of(settings.controlFile()));
        simClock = new SimulationClock();
        clock = settings.replayClock() ? simClock : Clock.systemUTC();
        ordersOut = rc.getMetricGroup().counter("orders");
        rejectedByBroker = rc.getMetricGroup().counter("ordersRejectedByBroker");
    }

    @Override
    public void close() throws Exception {
        if (broker != null) broker.close();
    }

    @Override
    public void processBroadcastElement(Directive d, Context ctx, Collector<Order> out)
            throws Exception {
        BroadcastState<String, ModelRef> state = ctx.getBroadcastState(CHAMPION);
        state.put("champion", d.champion());
    }

    @Override
    public void processElement(SequencedBar sb, ReadOnlyContext ctx, Collector<Order> out)
            throws Exception {
        Bar bar = sb.bar();
        String symbol = ctx.getCurrentKey();
        simClock.set(bar.closeTime());
        BrokerVenue.Effects fx = effects(ctx);
        SymbolState resume = settings.resume().get(symbol);

        // 1. features
        FeatureEngine engine = engineState.value();
        boolean fresh = engine == null;
        if (fresh) {
            engine =
                    resume != null
                            ? resume.engine()
                            : FeatureEngine.create(
                                    settings.featureSet(), symbol, settings.interval());
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            if (resume != null && !paper) trackerState.update(BrokerTracks.seed(resume));
        }
        FeatureRow row = engine.update(bar);
        engineState.update(engine);

        // 2. champion (switches only here, between bars)
        ReadOnlyBroadcastState<String, ModelRef> bs = ctx.getBroadcastState(CHAMPION);
        ModelRef ref = bs.get("champion");
        if (ref == null) ref = settings.initialChampion();
        String modelKey = ref == null ? NO_MODEL : ref.name() + "@" + ref.version();
        String previous = modelState.value();
        if (previous == null) previous = resume != null ? resume.modelKey() : NO_MODEL;
        Scorer scorer = ref == null ? null : scorer(ref);
        if (!modelKey.equals(previous)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("symbol", symbol);
            d.put("bar_ts", bar.ts());
            d.put("from", previous.isEmpty() ? "none" : previous);
            d.put("to", modelKey);
            fx.audit("model.switched", d);
        }
        modelState.update(modelKey);
        OptionalDouble p = score(scorer, row);
        if (scorer != null) {
            ctx.output(
                    SIGNALS,
                    new Signal(
                            symbol,
                            bar.ts(),
                            scorer.modelName(),
                            scorer.modelVersion(),
                            p.orElse(Double.NaN)));
        }

        // 3. kernel
        String version = ref == null ? "" : ref.version();
        KernelConfig kc = settings.kernelFor(symbol, version);
        KernelState ks = kernelState.value();
        if (ks == null && resume != null) ks = resume.kernel();
        TradingKernel kernel =
                ks == null
                        ? new TradingKernel(kc, execution(kc), clock)
                        : TradingKernel.restore(kc, ks, execution(kc), clock);

        // 4. control: paused / kill switch block new orders from this bar on
        BrokerOrderTracker tracker = paper ? null : tracker();
        ControlState cs = control.read();
        applyControl(cs, kernel, tracker, fx, symbol, bar);

        // 5. external broker: book fills of orders sent earlier before the next decision
        if (!paper) venue.beforeBar(tracker, new KernelBook(kernel), symbol, bar.ts(), fx);

        StepResult r = kernel.onBar(bar, p, sb.gapBefore());
        kernelState.update(kernel.state());

        for (Fill f : r.fills()) {
            ctx.output(FILLS, f);
            if (paper) {
                BrokerVenue.auditFill(f, KernelBook.working(kernel, f.clientOrderId()), PAPER, fx);
            }
        }
        for (Order o : r.orders()) {
            // broker first: an order row downstream means the broker call completed. (Emitted
            // first, a cancellation between the two, e.g. a failover, left a row for an order
            // that never reached the broker.) After a restore the replayed order is looked up.
            if (!paper) venue.submit(tracker, o, bar.ts(), fx);
            else TraderAudit.paperOrder(o, bar, PAPER, fx);
            out.collect(o);
            ordersOut.inc();
        }
        if (!r.amended().isEmpty()) {
            TraderAudit.orders("order.amended", symbol, bar, r.amended(), fx);
            for (Order a : r.amended()) {
                // same order: replaced at the broker first, then its row again with the new terms
                if (!paper) venue.amend(tracker, a, bar.ts(), false, fx);
                out.collect(a);
            }
        }
        if (!r.cancelled().isEmpty()) {
            TraderAudit.orders("order.cancelled", symbol, bar, r.cancelled(), fx);
            if (!paper) venue.cancel(tracker, r.cancelled(), symbol, bar.ts(), fx);
        }
        if (!paper) trackerState.update(tracker);
        ctx.output(POSITIONS, r.position());
        ctx.output(EQUITY, r.equity());
    }

    private void applyControl(
            ControlState cs,
            TradingKernel kernel,
            BrokerOrderTracker tracker,
            BrokerVenue.Effects fx,
            String symbol,
            Bar bar)
            throws Exception {
        boolean block = !cs.allowsNewOrders();
        String seen = cs.mode() + "/" + cs.killSwitch();
        String before = controlSeen.value();
        if (block != kernel.state().killSwitch()) {
            List<Order> cancelled = kernel.setKillSwitch(block);
            if (!paper) venue.cancel(tracker, cancelled, symbol, bar.ts(), fx);
        }
        if (before == null && seen.equals("RUNNING/false")) {
            controlSeen.update(seen);
            return;
        }
        if (!seen.equals(before)) {
            controlSeen.update(seen);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("symbol", symbol);
            d.put("bar_ts", bar.ts());
            d.put("state", cs.mode().name().toLowerCase(java.util.Locale.ROOT));
            d.put("kill_switch", cs.killSwitch());
            d.put("new_orders", block ? "blocked" : "allowed");
            d.put("reason", cs.reason());
            fx.audit("trader.control.applied", d);
        }
    }

    private Scorer scorer(ModelRef ref) {
        String key = ref.name() + "@" + ref.version();
        Scorer s = scorers.get(key);
        if (s == null) {
            try {
                s = champions.load(ref);
            } catch (Exception e) {
                // the watcher loaded and gated this version; failing here means the artifact
                // changed under us: fail the task so Flink restarts from the checkpoint
                throw new IllegalStateException("cannot load accepted champion " + ref.label(), e);
            }
            scorers.put(key, s);
        }
        return s;
    }

    /**
     * The one score-window rule ({@link ScoreWindow}) over the rows kept in keyed state: the
     * backtester's {@code SymbolTrader} scores the same rows the same way.
     */
    private OptionalDouble score(Scorer scorer, FeatureRow row) throws Exception {
        ArrayList<FeatureRow> kept = rowsState.value();
        ScoreWindow window = new ScoreWindow(kept == null ? List.of() : kept);
        OptionalDouble p = window.score(scorer, row);
        if (scorer != null && row.warm() && scorer.window() > 1) {
            rowsState.update(new ArrayList<>(window.rows()));
        }
        return p;
    }

    /** The key's tracker: from state, a legacy savepoint's four map states, or new. */
    private BrokerOrderTracker tracker() throws Exception {
        BrokerOrderTracker t = trackerState.value();
        if (t == null) t = legacy.drain();
        return t == null ? new BrokerOrderTracker() : t;
    }

    /** Fills to the fills output, audit events to the event log, rejections to the metric. */
    private BrokerVenue.Effects effects(ReadOnlyContext ctx) {
        return new BrokerVenue.Effects() {
            @Override
            public void fill(Fill f) {
                ctx.output(FILLS, f);
            }

            @Override
            public void audit(String event, Map<String, Object> details) {
                ctx.output(AUDIT, new AuditEvent(event, settings.runId(), details));
            }

            @Override
            public void rejected() {
                rejectedByBroker.inc();
            }
        };
    }

    /** At the end of a bounded input: hand the symbol's state to the paper-once state file. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Order> out) throws Exception {
        FeatureEngine engine = engineState.value();
        KernelState ks = kernelState.value();
        if (engine == null || ks == null) return;
        BrokerOrderTracker tracker = paper ? new BrokerOrderTracker() : tracker();
        // the ids the broker knows them by (a replaced stop-loss lives on under -r<n>)
        List<String> open = tracker.brokerIds();
        ctx.output(
                FINAL_STATE,
                new SymbolState(
                        ctx.getCurrentKey(),
                        ks.lastBarTs(),
                        engine,
                        ks,
                        Objects.requireNonNullElse(modelState.value(), NO_MODEL),
                        open,
                        BrokerTracks.toState(tracker)));
    }

    /**
     * The kernel's execution: paper trading fills on the kernel's simulated venue; with an external
     * broker the kernel only works its orders and {@link BrokerVenue} books the broker's fills.
     */
    private Venue execution(KernelConfig kc) {
        return paper ? SimulatedVenue.of(kc) : new ExternalVenue();
    }
}
