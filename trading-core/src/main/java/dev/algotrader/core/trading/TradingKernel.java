package dev.algotrader.core.trading;

import dev.algotrader.core.venue.OrderBook;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Side;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The one trading kernel for backtest, paper and live: strategy → risk → orders → fills →
 * portfolio, driven one completed bar at a time for one (run, symbol). All mutable state is in
 * {@link KernelState}; {@link #restore} continues from a saved state.
 *
 * <p>Where orders go and fills come from is the {@link Venue} (the execution port). Per {@link
 * #onBar} call, in this order: (1) the venue reports what of the working orders decided at earlier
 * closes executed inside this bar (the {@link SimulatedVenue}: through the {@link FillModel}, never
 * earlier than their decision close + latency; decision orders first, then stop loss before take
 * profit — the worst case when both trigger in one bar); (2) the portfolio is marked at the bar's
 * close and the drawdown breaker updated; (3) the strategy sees the bar and decides at its close;
 * (4) the risk rules check and size the order; (5) one stop-loss / take-profit pair follows the
 * position: it is created when a position opens (or flips), amended in place (same client order id,
 * new quantity and prices from the new average price) when the position changes size, e.g. on later
 * partial fills of the entry, and cancelled when the position closes. Nothing in a call depends on
 * a later bar.
 */
public final class TradingKernel {

    private static final double YEAR_MS = 365.0 * 24 * 3600 * 1000;

    private final KernelConfig cfg;
    private final Venue venue;
    private final Clock clock;
    private final KernelState st;
    private final double periodsPerYear;
    private final int warmup;
    private String checkedInterval = "";

    /** A fresh kernel on the {@link SimulatedVenue} of {@code cfg}'s fill and fee models. */
    public TradingKernel(KernelConfig cfg, Clock clock) {
        this(cfg, SimulatedVenue.of(cfg), clock);
    }

    /** A fresh kernel: initial cash, flat, a new strategy, executing on {@code venue}. */
    public TradingKernel(KernelConfig cfg, Venue venue, Clock clock) {
        this(cfg, venue, clock, newState(cfg));
    }

    private TradingKernel(KernelConfig cfg, Venue venue, Clock clock, KernelState state) {
        this.cfg = Objects.requireNonNull(cfg);
        this.venue = Objects.requireNonNull(venue);
        this.clock = Objects.requireNonNull(clock);
        this.st = state;
        this.periodsPerYear = YEAR_MS / cfg.intervalMillis();
        int w = state.strategy.warmupBars();
        if (cfg.sizing().method() == Sizing.Method.VOL_TARGET) {
            w = Math.max(w, cfg.sizing().volLookback() + 1);
        }
        this.warmup = w;
        st.killSwitch |= cfg.risk().killSwitch();
    }

    private static KernelState newState(KernelConfig cfg) {
        return new KernelState(
                new Portfolio(cfg.symbol(), cfg.initialCash()),
                cfg.strategyFactory().get(),
                cfg.sizing().volLookback());
    }

    /** {@link #restore(KernelConfig, KernelState, Venue, Clock)} on the simulated venue. */
    public static TradingKernel restore(KernelConfig cfg, KernelState state, Clock clock) {
        return restore(cfg, state, SimulatedVenue.of(cfg), clock);
    }

    /** A kernel that continues from {@code state} (e.g. read back from Flink keyed state). */
    public static TradingKernel restore(
            KernelConfig cfg, KernelState state, Venue venue, Clock clock) {
        if (!state.portfolio.symbol().equals(cfg.symbol())) {
            throw new IllegalArgumentException(
                    "state of " + state.portfolio.symbol() + " cannot drive " + cfg.symbol());
        }
        return new TradingKernel(cfg, venue, clock, state);
    }

    public KernelState state() {
        return st;
    }

    public KernelConfig config() {
        return cfg;
    }

    /** Bars before the first possible decision. */
    public int warmupBars() {
        return warmup;
    }

    /** Kill switch: on cancels working decision orders and blocks every new order. */
    public List<Order> setKillSwitch(boolean on) {
        st.killSwitch = on;
        List<Order> cancelled = new ArrayList<>();
        if (on) {
            cancelDecisionOrders(cancelled);
            st.intended = held();
        }
        for (Order o : cancelled) venue.cancel(o);
        return cancelled;
    }

    /** Re-arms new entries after the drawdown breaker halted them (an operator decision). */
    public void resetDrawdownHalt(double currentEquity) {
        st.halted = false;
        st.peakEquity = currentEquity;
    }

    /**
     * Processes the completed bar {@code bar} (bars strictly increasing in time, all of this
     * kernel's symbol). {@code probabilityUp} is the model score for this bar if any; {@code
     * gapBefore} flags missing bars before it.
     */
    public StepResult onBar(Bar bar, OptionalDouble probabilityUp, boolean gapBefore) {
        checkBar(bar);
        Portfolio pf = st.portfolio;
        List<Fill> fills = List.of();
        List<Trade> trades = List.of();
        List<Order> cancelled = new ArrayList<>(0);
        boolean protect = cfg.orders().stopLossPct() > 0 || cfg.orders().takeProfitPct() > 0;
        List<Order> amended = protect ? new ArrayList<>(0) : List.of();
        if (!st.working.isEmpty()) {
            StepBook book = new StepBook(cancelled, amended);
            fills = venue.fillsFor(bar, end(bar), book);
            trades = book.trades;
        }
        double close = bar.close();
        if (Double.isFinite(st.lastClose)) {
            st.logReturns[st.returnsCount % st.logReturns.length] = Math.log(close / st.lastClose);
            st.returnsCount++;
        }
        double equity = pf.equity(close);
        if (equity > st.peakEquity) st.peakEquity = equity;
        if (equity / st.peakEquity - 1 <= -cfg.risk().maxDrawdown()) st.halted = true;
        if (pf.quantity() != 0.0) st.barsInPosition++;
        expire(bar, cancelled);

        st.barsSeen++;
        Direction d = st.strategy.onBar(bar, probabilityUp, st.intended);
        if (st.barsSeen < warmup) d = Direction.HOLD;
        if (cfg.mode() == TradingMode.LONG_ONLY && d == Direction.SHORT) d = Direction.FLAT;
        List<Order> orders = new ArrayList<>(0);
        List<String> rejections = List.of();
        if (d != Direction.HOLD && d != st.intended) {
            String why = decide(d, bar, gapBefore, equity, orders, cancelled);
            if (why != null) {
                rejections = List.of(why);
                st.rejections++;
            }
        }
        if (protect) attachProtection(bar, orders, cancelled, amended);
        st.lastBarTs = bar.ts();
        st.lastClose = close;
        long at = end(bar);
        double qty = pf.quantity();
        Position pos =
                new Position(
                        cfg.runId(),
                        cfg.symbol(),
                        at,
                        qty,
                        pf.avgPrice(),
                        close,
                        pf.realizedPnl(),
                        pf.unrealizedPnl(close));
        EquityPoint eq = new EquityPoint(cfg.runId(), at, pf.cash(), qty * close, equity);
        tellVenue(orders, amended, cancelled);
        return new StepResult(
                bar,
                d,
                fills,
                orders,
                cancelled.isEmpty() ? List.of() : cancelled,
                amended.isEmpty() ? List.of() : amended,
                trades,
                rejections,
                pos,
                eq);
    }

    /**
     * Books a fill a caller-run venue ({@link dev.algotrader.core.venue.ExternalVenue}) reported of
     * an order this kernel emitted. Returns the round trips it closed; an OCO sibling that it
     * cancels is returned in {@link ExternalFillResult#cancelled()} so the caller can cancel it at
     * the broker too.
     */
    public ExternalFillResult applyExternalFill(Fill fill) {
        WorkingOrder wo = null;
        for (WorkingOrder w : st.working) {
            if (w.order().clientOrderId().equals(fill.clientOrderId())) wo = w;
        }
        if (wo == null) {
            throw new IllegalArgumentException(
                    "fill for unknown or finished order " + fill.clientOrderId());
        }
        List<Order> cancelled = new ArrayList<>();
        List<Trade> trades = book(wo, fill, cancelled);
        for (Order o : cancelled) venue.cancel(o);
        return new ExternalFillResult(trades, cancelled);
    }

    /** Tells the venue what changed in the book at this step: withdrawals first. */
    private void tellVenue(List<Order> orders, List<Order> amended, List<Order> cancelled) {
        for (Order o : cancelled) venue.cancel(o);
        for (Order o : amended) {
            if (!cancelled.contains(o)) venue.amend(o);
        }
        for (Order o : orders) venue.submit(o);
    }

    /** The kernel's book as the venue sees it during one bar's executions. */
    private final class StepBook implements OrderBook {
        private final List<Order> cancelled;
        private final List<Order> amended;
        private final List<Trade> trades = new ArrayList<>(0);

        StepBook(List<Order> cancelled, List<Order> amended) {
            this.cancelled = cancelled;
            this.amended = amended;
        }

        @Override
        public String runId() {
            return cfg.runId();
        }

        @Override
        public List<WorkingOrder> inPriority() {
            List<WorkingOrder> ordered = new ArrayList<>(st.working.size());
            for (WorkingOrder.Kind k : WorkingOrder.Kind.values()) {
                for (WorkingOrder w : st.working) if (w.kind() == k) ordered.add(w);
            }
            return ordered;
        }

        @Override
        public boolean isWorking(WorkingOrder order) {
            return st.working.contains(order);
        }

        @Override
        public double position() {
            return st.portfolio.quantity();
        }

        @Override
        public double cash() {
            return st.portfolio.cash();
        }

        @Override
        public WorkingOrder followPosition(WorkingOrder wo) {
            double pos = st.portfolio.quantity();
            if (pos == 0.0 || Math.signum(pos) == wo.order().side().sign()) return null;
            if (Math.abs(pos) > wo.remaining()) {
                return resize(wo, Math.abs(pos), Double.NaN, amended);
            }
            return wo;
        }

        @Override
        public void book(WorkingOrder order, Fill fill) {
            trades.addAll(TradingKernel.this.book(order, fill, cancelled));
        }

        @Override
        public void refuse(WorkingOrder order) {
            if (st.working.remove(order)) cancelled.add(order.order());
        }
    }

    /** What {@link #applyExternalFill} did. */
    public record ExternalFillResult(List<Trade> trades, List<Order> cancelled) {}

    /** The bar's close time; the interval was checked against the config in checkBar. */
    private long end(Bar bar) {
        return bar.ts() + cfg.intervalMillis();
    }

    private void checkBar(Bar bar) {
        if (!bar.interval().equals(checkedInterval)) {
            if (BarInterval.parse(bar.interval()).millis() != cfg.intervalMillis()) {
                throw new IllegalArgumentException(
                        "kernel of "
                                + cfg.symbol()
                                + " runs on "
                                + cfg.intervalMillis()
                                + " ms bars, got a "
                                + bar.interval()
                                + " bar");
            }
            checkedInterval = bar.interval();
        }
        String bad = bar.invalidReason();
        if (bad != null) {
            throw new IllegalArgumentException(
                    "bar " + bar.symbol() + " at " + bar.ts() + " is invalid: " + bad);
        }
        if (!bar.symbol().equals(cfg.symbol())) {
            throw new IllegalArgumentException(
                    "kernel of " + cfg.symbol() + " got a bar of " + bar.symbol());
        }
        if (bar.ts() <= st.lastBarTs) {
            throw new IllegalArgumentException(
                    "bars must arrive in time order: "
                            + bar.ts()
                            + " after "
                            + st.lastBarTs
                            + " for "
                            + cfg.symbol());
        }
    }

    /** Books a fill of {@code wo}: portfolio, remaining quantity, OCO and flat clean-up. */
    private List<Trade> book(WorkingOrder wo, Fill f, List<Order> cancelled) {
        List<Trade> closed = st.portfolio.apply(f, reason(wo));
        wo.reduce(f.quantity());
        if (wo.remaining() <= 1e-12 * Math.max(1.0, wo.order().quantity())) st.working.remove(wo);
        if (wo.protective()) {
            // the stop / target has started to close the position: an entry still working would
            // re-open it behind the strategy's back, so it is cancelled (exits stay)
            Iterator<WorkingOrder> it = st.working.iterator();
            while (it.hasNext()) {
                WorkingOrder w = it.next();
                if (w.kind() == WorkingOrder.Kind.DECISION
                        && w.order().side() != wo.order().side()) {
                    cancelled.add(w.order());
                    it.remove();
                }
            }
            WorkingOrder.Kind sibling =
                    wo.kind() == WorkingOrder.Kind.STOP_LOSS
                            ? WorkingOrder.Kind.TAKE_PROFIT
                            : WorkingOrder.Kind.STOP_LOSS;
            cancelKind(sibling, cancelled);
        }
        if (st.portfolio.quantity() == 0.0) {
            cancelKind(WorkingOrder.Kind.STOP_LOSS, cancelled);
            cancelKind(WorkingOrder.Kind.TAKE_PROFIT, cancelled);
            if (wo.protective()) st.intended = Direction.FLAT;
        }
        return closed;
    }

    private static String reason(WorkingOrder wo) {
        return switch (wo.kind()) {
            case STOP_LOSS -> "stop-loss";
            case TAKE_PROFIT -> "take-profit";
            case DECISION -> wo.order().reason();
        };
    }

    private void cancelKind(WorkingOrder.Kind kind, List<Order> cancelled) {
        Iterator<WorkingOrder> it = st.working.iterator();
        while (it.hasNext()) {
            WorkingOrder w = it.next();
            if (w.kind() == kind) {
                cancelled.add(w.order());
                it.remove();
            }
        }
    }

    private void cancelDecisionOrders(List<Order> cancelled) {
        cancelKind(WorkingOrder.Kind.DECISION, cancelled);
    }

    private void expire(Bar bar, List<Order> cancelled) {
        Iterator<WorkingOrder> it = st.working.iterator();
        while (it.hasNext()) {
            WorkingOrder w = it.next();
            if (w.expiresAt() <= end(bar)) {
                cancelled.add(w.order());
                it.remove();
                // the entry did not (fully) happen: the strategy must see the side we really hold
                if (w.kind() == WorkingOrder.Kind.DECISION) st.intended = held();
            }
        }
    }

    private Direction held() {
        double q = st.portfolio.quantity();
        return q > 0 ? Direction.LONG : q < 0 ? Direction.SHORT : Direction.FLAT;
    }

    /** Turns a decision into at most one order; returns the rejection reason or null. */
    private String decide(
            Direction d,
            Bar bar,
            boolean gapBefore,
            double equity,
            List<Order> orders,
            List<Order> cancelled) {
        RiskLimits risk = cfg.risk();
        long decisionTs = end(bar);
        if (st.killSwitch) return "kill-switch: no new orders";
        if (gapBefore && risk.blockOnGap()) return "stale-data: gap before bar " + bar.ts();
        long age = clock.millis() - decisionTs;
        if (age > risk.staleAfterMs()) {
            return "stale-data: bar closed " + age + " ms ago (limit " + risk.staleAfterMs() + ")";
        }
        double pos = st.portfolio.quantity();
        if (st.halted && d != Direction.FLAT) {
            if (pos != 0.0 && Math.signum(pos) != d.sign()) {
                d = Direction.FLAT; // a flip while halted only closes the position
            } else {
                return "drawdown-halt: equity fell more than "
                        + risk.maxDrawdown()
                        + " below its peak; new entries stopped";
            }
        }
        double price = bar.close();
        double target = 0.0;
        if (d != Direction.FLAT) {
            double fraction = fraction();
            if (!(fraction > 0)) return "sizing: no volatility estimate";
            double qty = fraction * Math.max(equity, 0.0) / price;
            qty = Math.min(qty, risk.maxPositionQty());
            qty = Math.min(qty, risk.maxPositionNotional() / price);
            target = d.sign() * qty;
        }
        while (!st.recentOrderTimes.isEmpty()
                && st.recentOrderTimes.peekFirst() <= decisionTs - risk.orderWindowMs()) {
            st.recentOrderTimes.pollFirst();
        }
        if (st.recentOrderTimes.size() >= risk.maxOrdersPerWindow()) {
            return "order-rate: "
                    + risk.maxOrdersPerWindow()
                    + " orders already in the last "
                    + risk.orderWindowMs()
                    + " ms";
        }
        cancelDecisionOrders(cancelled);
        double delta = target - pos;
        double maxQty = risk.maxOrderNotional() / price;
        if (Math.abs(delta) > maxQty) delta = Math.signum(delta) * maxQty;
        st.intended = d;
        if (Math.abs(delta) * price <= 1e-9 * Math.max(1.0, Math.abs(equity))) return null;
        Side side = delta > 0 ? Side.BUY : Side.SELL;
        OrderPolicy op = cfg.orders();
        OrderType type = d == Direction.FLAT ? OrderType.MARKET : op.entryType();
        double limit = Double.NaN;
        double stop = Double.NaN;
        long expires = Long.MAX_VALUE;
        if (type == OrderType.LIMIT) {
            limit = price * (1 - side.sign() * op.offsetBps() / 10_000.0);
        } else if (type == OrderType.STOP) {
            stop = price * (1 + side.sign() * op.offsetBps() / 10_000.0);
        }
        if (type != OrderType.MARKET) {
            expires = decisionTs + op.latencyMs() + op.ttlBars() * cfg.intervalMillis();
        }
        String id =
                ClientOrderIds.of(
                        st.strategy.name(), cfg.symbol(), decisionTs, cfg.modelVersion(), "en");
        Order o =
                new Order(
                        cfg.runId(),
                        id,
                        cfg.symbol(),
                        decisionTs,
                        side,
                        type,
                        Math.abs(delta),
                        limit,
                        stop,
                        st.strategy.name() + ":" + d.name().toLowerCase());
        st.working.add(
                new WorkingOrder(
                        o, WorkingOrder.Kind.DECISION, decisionTs + op.latencyMs(), expires));
        st.recentOrderTimes.addLast(decisionTs);
        st.ordersEmitted++;
        orders.add(o);
        return null;
    }

    private double fraction() {
        Sizing s = cfg.sizing();
        if (s.method() == Sizing.Method.FIXED_FRACTION) return s.fraction();
        int n = s.volLookback();
        if (st.returnsCount < n) return Double.NaN;
        double[] r = st.logReturns;
        double mean = 0;
        for (int k = 0; k < n; k++) mean += r[(st.returnsCount - 1 - k) % r.length];
        mean /= n;
        double ss = 0;
        for (int k = 0; k < n; k++) {
            double x = r[(st.returnsCount - 1 - k) % r.length] - mean;
            ss += x * x;
        }
        double vol = Math.sqrt(ss / (n - 1)) * Math.sqrt(periodsPerYear);
        if (!(vol > 0)) return s.maxLeverage();
        return Math.min(s.maxLeverage(), s.volTarget() / vol);
    }

    /**
     * Keeps one stop-loss / take-profit pair on the position: none when flat; a new pair when a
     * position opens or flips (or has none); otherwise, when the position changed size since the
     * pair was last sized, the working pair is amended in place (same client order id) to the new
     * quantity and the prices of the new average entry price. An OCO sibling cancelled by a partial
     * fill is not re-created.
     */
    private void attachProtection(
            Bar bar, List<Order> orders, List<Order> cancelled, List<Order> amended) {
        double pos = st.portfolio.quantity();
        boolean has = false;
        for (WorkingOrder w : st.working) has |= w.protective();
        if (pos == 0.0) {
            if (has) {
                cancelKind(WorkingOrder.Kind.STOP_LOSS, cancelled);
                cancelKind(WorkingOrder.Kind.TAKE_PROFIT, cancelled);
            }
            st.protectedQty = 0.0;
            return;
        }
        if (has && pos == st.protectedQty) return;
        OrderPolicy op = cfg.orders();
        double avg = st.portfolio.avgPrice();
        int sign = (int) Math.signum(pos);
        Side exitSide = sign > 0 ? Side.SELL : Side.BUY;
        double stop = avg * (1 - sign * op.stopLossPct());
        double limit = avg * (1 + sign * op.takeProfitPct());
        if (has && Math.signum(st.protectedQty) == sign) {
            for (int i = 0; i < st.working.size(); i++) {
                WorkingOrder w = st.working.get(i);
                if (!w.protective()) continue;
                Order o = w.order();
                boolean sl = w.kind() == WorkingOrder.Kind.STOP_LOSS;
                double px = sl ? stop : limit;
                double oldPx = sl ? o.stopPrice() : o.limitPrice();
                double size = Math.abs(pos);
                double tol = 1e-12 * Math.max(1.0, size);
                if (Math.abs(w.remaining() - size) <= tol && Math.abs(px - oldPx) <= 1e-12 * px) {
                    continue; // e.g. its own partial fill: the rest still covers the position
                }
                resize(w, size, px, amended);
            }
            st.protectedQty = pos;
            return;
        }
        cancelKind(WorkingOrder.Kind.STOP_LOSS, cancelled);
        cancelKind(WorkingOrder.Kind.TAKE_PROFIT, cancelled);
        long decisionTs = end(bar);
        if (op.stopLossPct() > 0) {
            addProtective(
                    WorkingOrder.Kind.STOP_LOSS,
                    "sl",
                    OrderType.STOP,
                    exitSide,
                    pos,
                    Double.NaN,
                    stop,
                    decisionTs,
                    orders);
        }
        if (op.takeProfitPct() > 0) {
            addProtective(
                    WorkingOrder.Kind.TAKE_PROFIT,
                    "tp",
                    OrderType.LIMIT,
                    exitSide,
                    pos,
                    limit,
                    Double.NaN,
                    decisionTs,
                    orders);
        }
        st.protectedQty = pos;
    }

    /**
     * Replaces the working protective order {@code w} by one with the same client order id that
     * covers {@code size} more units (its quantity = what already filled + {@code size}, a broker's
     * replace semantics) at {@code price} (NaN = unchanged); records it in {@code amended} (once
     * per step: a later resize in the same step replaces the earlier entry).
     */
    private WorkingOrder resize(WorkingOrder w, double size, double price, List<Order> amended) {
        Order o = w.order();
        boolean sl = w.kind() == WorkingOrder.Kind.STOP_LOSS;
        double px = Double.isNaN(price) ? (sl ? o.stopPrice() : o.limitPrice()) : price;
        double filled = o.quantity() - w.remaining();
        Order a =
                new Order(
                        o.runId(),
                        o.clientOrderId(),
                        o.symbol(),
                        o.decisionTs(),
                        o.side(),
                        o.type(),
                        filled + size,
                        sl ? Double.NaN : px,
                        sl ? px : Double.NaN,
                        o.reason());
        WorkingOrder r = new WorkingOrder(a, w.kind(), w.eligibleAt(), w.expiresAt());
        r.reduce(filled);
        st.working.set(st.working.indexOf(w), r);
        amended.removeIf(x -> x.clientOrderId().equals(a.clientOrderId()));
        amended.add(a);
        return r;
    }

    private void addProtective(
            WorkingOrder.Kind kind,
            String tag,
            OrderType type,
            Side side,
            double pos,
            double limit,
            double stop,
            long decisionTs,
            List<Order> orders) {
        String id =
                ClientOrderIds.of(
                        st.strategy.name(), cfg.symbol(), decisionTs, cfg.modelVersion(), tag);
        Order o =
                new Order(
                        cfg.runId(),
                        id,
                        cfg.symbol(),
                        decisionTs,
                        side,
                        type,
                        Math.abs(pos),
                        limit,
                        stop,
                        kind == WorkingOrder.Kind.STOP_LOSS ? "stop-loss" : "take-profit");
        st.working.add(
                new WorkingOrder(o, kind, decisionTs + cfg.orders().latencyMs(), Long.MAX_VALUE));
        orders.add(o);
    }
}
