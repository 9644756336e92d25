package dev.algotrader.stream.trade;

import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.StepResult;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.ExternalVenue;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.stream.TraderEvents;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.Broker;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.broker.BrokerOrder;
import dev.algotrader.stream.broker.CancelResult;
import dev.algotrader.stream.broker.ReplaceResult;
import dev.algotrader.stream.broker.SubmitResult;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
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
 * <p>Orders are the main output; fills, positions, equity, scores and the end-of-input state go to
 * side outputs. With the paper broker the kernel's own fill model executes (paper = backtest); with
 * an external broker each order is submitted idempotently by client order id and its fills are
 * polled before every bar and booked into the kernel. The control file is read before every bar:
 * paused or kill switch blocks new orders from that bar on.
 *
 * <p>A stop-loss / take-profit the kernel amends (the position changed size) is emitted again with
 * its new terms (same client order id: the orders table keeps the latest) and, at an external
 * broker, replaced: the n-th replacement is a broker order with the deterministic id {@link
 * Broker#replacementId}; keyed state keeps n and the fills of the replaced orders, so fills are
 * booked once across the chain and a replay after a restore finds its replacement by look-up.
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
    public static final OutputTag<SymbolState> FINAL_STATE =
            new OutputTag<>("final-state", TypeInformation.of(SymbolState.class));

    private static final String NO_MODEL = "";

    private final TraderSettings settings;
    private final ChampionSource champions;
    private final BrokerFactory brokerFactory;

    private transient ValueState<FeatureEngine> engineState;
    private transient ValueState<KernelState> kernelState;
    private transient ValueState<java.util.ArrayList> rowsState;
    private transient ValueState<String> modelState;
    private transient ValueState<String> controlSeen;
    private transient MapState<String, Double> openAtBroker;
    private transient MapState<String, Integer> amendments;
    private transient MapState<String, Double> filledOnReplaced;
    private transient MapState<String, Integer> amendRetries;
    private transient Map<String, Scorer> scorers;
    private transient Broker broker;
    private transient boolean paper;
    private transient TraderEvents events;
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
                rc.getState(new ValueStateDescriptor<>("engine", new StateSerializers.Engine()));
        kernelState =
                rc.getState(new ValueStateDescriptor<>("kernel", new StateSerializers.Kernel()));
        rowsState = rc.getState(new ValueStateDescriptor<>("rows", new StateSerializers.Rows()));
        modelState = rc.getState(new ValueStateDescriptor<>("model", Types.STRING));
        controlSeen = rc.getState(new ValueStateDescriptor<>("control-seen", Types.STRING));
        openAtBroker =
                rc.getMapState(
                        new MapStateDescriptor<>("open-at-broker", Types.STRING, Types.DOUBLE));
        amendments =
                rc.getMapState(new MapStateDescriptor<>("amendments", Types.STRING, Types.INT));
        filledOnReplaced =
                rc.getMapState(
                        new MapStateDescriptor<>("filled-on-replaced", Types.STRING, Types.DOUBLE));
        amendRetries =
                rc.getMapState(new MapStateDescriptor<>("amend-retries", Types.STRING, Types.INT));
        scorers = new HashMap<>();
        broker = brokerFactory.create();
        paper = brokerFactory.isPaper();
        events = new TraderEvents(Path.of(settings.eventsFile()));
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
            if (resume != null && !paper) seedBrokerTracking(resume);
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
            events.append("model.switched", settings.runId(), d);
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
                        ? new TradingKernel(kc, venue(kc), clock)
                        : TradingKernel.restore(kc, ks, venue(kc), clock);

        // 4. control: paused / kill switch block new orders from this bar on
        ControlState cs = control.read();
        applyControl(cs, kernel, symbol, bar);

        // 5. external broker: book fills of orders sent earlier before the next decision
        if (!paper) {
            pollExternalFills(kernel, bar, ctx);
            retryRefusedAmendments(kernel, bar);
        }

        StepResult r = kernel.onBar(bar, p, sb.gapBefore());
        kernelState.update(kernel.state());

        for (Fill f : r.fills()) {
            ctx.output(FILLS, f);
            if (paper) auditFill(f, working(kernel, f.clientOrderId()), broker.name());
        }
        for (Order o : r.orders()) {
            // broker first: an order row downstream means the broker call completed. (Emitted
            // first, a cancellation between the two, e.g. a failover, left a row for an order
            // that never reached the broker.) After a restore the replayed order is looked up.
            if (!paper) submit(o, bar);
            else auditPaperOrder(o, bar);
            out.collect(o);
            ordersOut.inc();
        }
        if (!r.amended().isEmpty()) {
            appendOrdersEvent("order.amended", symbol, bar, r.amended());
            for (Order a : r.amended()) {
                // same order: replaced at the broker first, then its row again with the new terms
                if (!paper) amendAtBroker(a, bar, false);
                out.collect(a);
            }
        }
        if (!r.cancelled().isEmpty()) {
            appendOrdersEvent("order.cancelled", symbol, bar, r.cancelled());
            cancelAtBroker(r.cancelled(), symbol, bar);
        }
        ctx.output(POSITIONS, r.position());
        ctx.output(EQUITY, r.equity());
    }

    private void applyControl(ControlState cs, TradingKernel kernel, String symbol, Bar bar)
            throws Exception {
        boolean block = !cs.allowsNewOrders();
        String seen = cs.mode() + "/" + cs.killSwitch();
        String before = controlSeen.value();
        if (block != kernel.state().killSwitch()) {
            cancelAtBroker(kernel.setKillSwitch(block), symbol, bar);
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
            events.append("trader.control.applied", settings.runId(), d);
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

    @SuppressWarnings("unchecked")
    private OptionalDouble score(Scorer scorer, FeatureRow row) throws Exception {
        if (scorer == null || !row.warm()) return OptionalDouble.empty();
        int w = Math.max(1, scorer.window());
        if (w == 1) {
            scorer.checkFeatureSet(row);
            return OptionalDouble.of(scorer.probabilityUp(List.of(row)));
        }
        ArrayList<FeatureRow> rows = rowsState.value();
        if (rows == null) rows = new ArrayList<>();
        rows.add(row);
        while (rows.size() > w) rows.remove(0);
        rowsState.update(rows);
        if (rows.size() < w) return OptionalDouble.empty();
        return OptionalDouble.of(scorer.probabilityUp(List.copyOf(rows)));
    }

    private void submit(Order o, Bar bar) throws Exception {
        SubmitResult res = broker.submit(o);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", o.clientOrderId());
        d.put("symbol", o.symbol());
        d.put("side", o.side().name());
        d.put("quantity", o.quantity());
        d.put("bar_ts", bar.ts());
        d.put("broker", broker.name());
        d.put("attempts", res.attempts());
        switch (res.outcome()) {
            case SUBMITTED -> {
                openAtBroker.put(o.clientOrderId(), 0.0);
                events.append("order.submitted", settings.runId(), d);
            }
            case ALREADY_SUBMITTED -> {
                if (!openAtBroker.contains(o.clientOrderId())) {
                    openAtBroker.put(o.clientOrderId(), 0.0);
                }
                events.append("order.already_submitted", settings.runId(), d);
            }
            case REJECTED -> {
                rejectedByBroker.inc();
                d.put("http_status", res.httpStatus());
                d.put("reason", res.reason());
                events.append("order.rejected", settings.runId(), d);
                LOG.warn(
                        "{} rejected order {}: HTTP {} {}",
                        broker.name(),
                        o.clientOrderId(),
                        res.httpStatus(),
                        res.reason());
            }
        }
    }

    /**
     * Orders the kernel cancelled (kill switch, expiry, the other leg of a stop-loss/take-profit
     * pair, protection replaced) are cancelled at an external broker too, if they reached it:
     * otherwise they would stay live there and could fill against a position the kernel no longer
     * holds. The cancel is idempotent, so a replay after a restore sends nothing twice. An order
     * the broker filled in the meantime cannot be cancelled: {@code order.cancel_refused} says so
     * with the filled quantity (the start-up reconciliation then sees the difference).
     */
    private void cancelAtBroker(List<Order> cancelled, String symbol, Bar bar) throws Exception {
        if (paper || cancelled.isEmpty()) return;
        for (Order o : cancelled) {
            String id = o.clientOrderId();
            if (!openAtBroker.contains(id)) continue; // never reached the broker, or final there
            String atBroker = brokerId(id);
            CancelResult c = broker.cancel(atBroker);
            forget(id);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("client_order_id", id);
            if (!atBroker.equals(id)) d.put("broker_client_order_id", atBroker);
            d.put("symbol", symbol);
            d.put("bar_ts", bar.ts());
            d.put("broker", broker.name());
            d.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
            d.put("http_status", c.httpStatus());
            if (c.outcome() == CancelResult.Outcome.CANCELED) {
                events.append("order.cancelled_at_broker", settings.runId(), d);
            } else {
                d.put("reason", c.reason());
                if (c.order() != null) {
                    d.put("status", c.order().status());
                    d.put("filled_qty", c.order().filledQuantity());
                }
                events.append("order.cancel_refused", settings.runId(), d);
                LOG.warn(
                        "{} could not cancel {}: {} {}",
                        broker.name(),
                        id,
                        c.outcome(),
                        c.reason());
            }
        }
    }

    /**
     * Replaces the amended stop-loss / take-profit {@code a} at an external broker: the current
     * broker order (id {@code <id>} or {@code <id>-r<n>}) is replaced by {@code <id>-r<n+1>} for
     * what is still to fill ({@code a}'s quantity minus the fills already booked) at {@code a}'s
     * prices. {@code order.amended_at_broker} when the broker took it (or already had it, after a
     * restore); {@code order.amend_refused} when it could not (filled meanwhile, not replaceable,
     * unknown, never reached the broker) — the kernel keeps its terms and the next poll books
     * whatever the broker filled.
     */
    private void amendAtBroker(Order a, Bar bar, boolean retry) throws Exception {
        String id = a.clientOrderId();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", id);
        if (retry) d.put("retry_of_refused", true);
        d.put("symbol", a.symbol());
        d.put("bar_ts", bar.ts());
        d.put("broker", broker.name());
        if (!openAtBroker.contains(id)) {
            d.put("outcome", "not_open");
            d.put("reason", "the order is not open at the broker (rejected or final there)");
            events.append("order.amend_refused", settings.runId(), d);
            amendRetries.remove(id);
            return;
        }
        int seq = Objects.requireNonNullElse(amendments.get(id), 0);
        String current = Broker.replacementId(id, seq);
        String next = Broker.replacementId(id, seq + 1);
        double booked = Objects.requireNonNullElse(openAtBroker.get(id), 0.0);
        double qty = a.quantity() - booked;
        d.put("broker_client_order_id", next);
        d.put("replaces", current);
        d.put("quantity", qty);
        if (!Double.isNaN(a.limitPrice())) d.put("limit_price", a.limitPrice());
        if (!Double.isNaN(a.stopPrice())) d.put("stop_price", a.stopPrice());
        if (!(qty > 1e-12)) {
            d.put("outcome", "nothing_left");
            d.put("reason", "the fills booked already cover the amended quantity");
            events.append("order.amend_refused", settings.runId(), d);
            amendRetries.remove(id);
            return;
        }
        Order replacement =
                new Order(
                        a.runId(),
                        next,
                        a.symbol(),
                        a.decisionTs(),
                        a.side(),
                        a.type(),
                        qty,
                        a.limitPrice(),
                        a.stopPrice(),
                        a.reason());
        ReplaceResult res = broker.replace(current, replacement);
        d.put("outcome", res.outcome().name().toLowerCase(java.util.Locale.ROOT));
        d.put("http_status", res.httpStatus());
        d.put("attempts", res.attempts());
        switch (res.outcome()) {
            case REPLACED, ALREADY_REPLACED -> {
                amendments.put(id, seq + 1);
                double prev =
                        res.previous() == null || Double.isNaN(res.previous().filledQuantity())
                                ? 0.0
                                : res.previous().filledQuantity();
                filledOnReplaced.put(
                        id, Objects.requireNonNullElse(filledOnReplaced.get(id), 0.0) + prev);
                amendRetries.remove(id);
                events.append("order.amended_at_broker", settings.runId(), d);
            }
            case NOT_REPLACEABLE, NOT_FOUND -> {
                d.put("reason", res.reason());
                if (res.previous() != null) {
                    d.put("status", res.previous().status());
                    d.put("filled_qty", res.previous().filledQuantity());
                }
                // still open there (e.g. pending_new, or accepted): the broker holds the old terms
                // while the kernel works the new ones, so the replace is tried again next bar
                int tried = Objects.requireNonNullElse(amendRetries.get(id), 0);
                boolean open = res.previous() != null && !res.previous().isFinal();
                if (open && tried < settings.amendRetryBars()) {
                    amendRetries.put(id, tried + 1);
                    d.put(
                            "retry",
                            "next bar (" + (tried + 1) + " of " + settings.amendRetryBars() + ")");
                } else {
                    amendRetries.remove(id);
                    if (open) d.put("retry", "given up after " + tried + " retries");
                }
                events.append("order.amend_refused", settings.runId(), d);
                LOG.warn(
                        "{} could not replace {} by {}: {} {}",
                        broker.name(),
                        current,
                        next,
                        res.outcome(),
                        res.reason());
            }
        }
    }

    /**
     * Replaces again, with the kernel's current terms, the working orders whose last replace the
     * broker refused while they were still open there (Alpaca answers 422 to a PATCH of an order in
     * {@code pending_new}, {@code accepted} or {@code pending_replace}; those states pass within
     * moments). Each refusal schedules one more try, up to {@code trader.broker.amend-retry-bars}.
     */
    private void retryRefusedAmendments(TradingKernel kernel, Bar bar) throws Exception {
        List<String> due = new ArrayList<>();
        for (String id : amendRetries.keys()) due.add(id);
        for (String id : due) {
            Order current = null;
            for (WorkingOrder w : kernel.state().workingOrders()) {
                if (w.order().clientOrderId().equals(id)) current = w.order();
            }
            if (current == null || !openAtBroker.contains(id)) {
                amendRetries.remove(id); // filled, cancelled or final meanwhile
                continue;
            }
            amendAtBroker(current, bar, true);
        }
    }

    /**
     * A {@code paper-once} run resuming from a state file takes over the orders the previous run
     * left open at the broker (the start-up reconciliation checked they are there): it goes on
     * polling their fills, replaces them under the next {@code -r<n>} id when the kernel amends
     * them, and cancels them when the kernel does. Without this the resumed run would treat them as
     * never sent. Kernel orders that are no longer working are skipped.
     */
    private void seedBrokerTracking(SymbolState resume) throws Exception {
        Set<String> working = new HashSet<>();
        for (WorkingOrder w : resume.kernel().workingOrders()) {
            working.add(w.order().clientOrderId());
        }
        for (Map.Entry<String, SymbolState.BrokerTrack> e : resume.brokerTracks().entrySet()) {
            if (!working.contains(e.getKey())) continue;
            SymbolState.BrokerTrack t = e.getValue();
            openAtBroker.put(e.getKey(), t.booked());
            if (t.amendments() > 0) amendments.put(e.getKey(), t.amendments());
            if (t.filledOnReplaced() > 0) filledOnReplaced.put(e.getKey(), t.filledOnReplaced());
            if (t.amendRetries() > 0) amendRetries.put(e.getKey(), t.amendRetries());
        }
    }

    /** The client order id the external broker knows the kernel's order {@code id} by now. */
    private String brokerId(String id) throws Exception {
        Integer seq = amendments.get(id);
        return seq == null ? id : Broker.replacementId(id, seq);
    }

    /**
     * Books the broker's new fills of open orders into the kernel (the kernel runs on an
     * ExternalVenue).
     */
    private void pollExternalFills(TradingKernel kernel, Bar bar, ReadOnlyContext ctx)
            throws Exception {
        List<String> open = new ArrayList<>();
        for (String id : openAtBroker.keys()) open.add(id);
        for (String id : open) {
            Optional<BrokerOrder> bo = broker.findByClientOrderId(brokerId(id));
            if (bo.isEmpty()) continue;
            BrokerOrder o = bo.get();
            double booked = Objects.requireNonNullElse(openAtBroker.get(id), 0.0);
            // the order's fills so far: those of the orders it replaced plus the current one's
            double filled =
                    Objects.requireNonNullElse(filledOnReplaced.get(id), 0.0)
                            + (Double.isNaN(o.filledQuantity()) ? 0 : o.filledQuantity());
            if (filled > booked + 1e-12 && working(kernel, id)) {
                Fill f =
                        new Fill(
                                settings.runId(),
                                id,
                                ctx.getCurrentKey(),
                                bar.ts(),
                                o.side(),
                                filled - booked,
                                o.filledAvgPrice(),
                                0.0,
                                0.0);
                TradingKernel.ExternalFillResult res = kernel.applyExternalFill(f);
                ctx.output(FILLS, f);
                auditFill(f, working(kernel, id), broker.name());
                openAtBroker.put(id, filled);
                // e.g. the take-profit of a position the stop-loss just closed
                cancelAtBroker(res.cancelled(), ctx.getCurrentKey(), bar);
            }
            // "replaced" by a replacement this run has not reached yet (a replay after a crash):
            // keep tracking; the replayed amendment finds the replacement by look-up
            boolean replacedAhead = "replaced".equals(o.status()) && working(kernel, id);
            if ((o.isFinal() && !replacedAhead) || !working(kernel, id)) forget(id);
        }
    }

    /** The order is no longer open at the broker: drop its tracking state. */
    private void forget(String id) throws Exception {
        openAtBroker.remove(id);
        amendments.remove(id);
        filledOnReplaced.remove(id);
        amendRetries.remove(id);
    }

    private static boolean working(TradingKernel kernel, String clientOrderId) {
        for (WorkingOrder w : kernel.state().workingOrders()) {
            if (w.order().clientOrderId().equals(clientOrderId)) return true;
        }
        return false;
    }

    /** At the end of a bounded input: hand the symbol's state to the paper-once state file. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Order> out) throws Exception {
        FeatureEngine engine = engineState.value();
        KernelState ks = kernelState.value();
        if (engine == null || ks == null) return;
        List<String> open = new ArrayList<>();
        Map<String, SymbolState.BrokerTrack> tracks = new HashMap<>();
        for (String id : openAtBroker.keys()) {
            // the ids the broker knows them by (a replaced stop-loss lives on under -r<n>)
            open.add(brokerId(id));
            tracks.put(
                    id,
                    new SymbolState.BrokerTrack(
                            Objects.requireNonNullElse(openAtBroker.get(id), 0.0),
                            Objects.requireNonNullElse(amendments.get(id), 0),
                            Objects.requireNonNullElse(filledOnReplaced.get(id), 0.0),
                            Objects.requireNonNullElse(amendRetries.get(id), 0)));
        }
        ctx.output(
                FINAL_STATE,
                new SymbolState(
                        ctx.getCurrentKey(),
                        ks.lastBarTs(),
                        engine,
                        ks,
                        Objects.requireNonNullElse(modelState.value(), NO_MODEL),
                        open,
                        tracks));
    }

    /**
     * One event naming the kernel's orders a bar amended or cancelled, with their count and how
     * many of them are protective (stop-loss / take-profit), which {@code events} summarizes.
     */
    private void appendOrdersEvent(String event, String symbol, Bar bar, List<Order> orders) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbol", symbol);
        d.put("bar_ts", bar.ts());
        d.put("count", orders.size());
        d.put("protective", orders.stream().filter(o -> isProtective(o.reason())).count());
        d.put("client_order_ids", String.join(",", ids(orders)));
        events.append(event, settings.runId(), d);
    }

    private static boolean isProtective(String reason) {
        return "stop-loss".equals(reason) || "take-profit".equals(reason);
    }

    /** The paper broker's order, audited like an order a real broker accepted. */
    private void auditPaperOrder(Order o, Bar bar) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", o.clientOrderId());
        d.put("symbol", o.symbol());
        d.put("side", o.side().name());
        d.put("type", o.type().name());
        d.put("quantity", o.quantity());
        d.put("bar_ts", bar.ts());
        d.put("broker", broker.name());
        events.append("order.submitted", settings.runId(), d);
    }

    /** {@code order.filled} (nothing left to fill) or {@code order.partially_filled}. */
    private void auditFill(Fill f, boolean stillWorking, String brokerName) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", f.clientOrderId());
        d.put("symbol", f.symbol());
        d.put("side", f.side().name());
        d.put("quantity", f.quantity());
        d.put("price", f.price());
        d.put("fee", f.fee());
        d.put("ts", f.ts());
        d.put("broker", brokerName);
        events.append(
                stillWorking ? "order.partially_filled" : "order.filled", settings.runId(), d);
    }

    private static List<String> ids(List<Order> orders) {
        List<String> out = new ArrayList<>(orders.size());
        for (Order o : orders) out.add(o.clientOrderId());
        return out;
    }

    /** The paper broker is the kernel's simulated venue; an external broker is run here. */
    private Venue venue(KernelConfig kc) {
        return paper ? SimulatedVenue.of(kc) : new ExternalVenue();
    }
}
