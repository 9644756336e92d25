package dev.algotrader.core.trading;

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
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The one trading kernel for backtest, paper and live: strategy → risk → orders → fills →
 * portfolio, driven one completed bar at a time for one (run, symbol). It only sequences its
 * components, whose state is all in {@link KernelState}: {@link WorkingOrders}, {@link RiskGate},
 * {@link PositionSizer}, {@link BracketManager} and the {@link Portfolio}; {@link KernelBook} books
 * the fills the venue reports into them. {@link #restore} continues from a saved state.
 *
 * <p>Where orders go and fills come from is the {@link Venue} (the execution port). Per {@link
 * #onBar} call, in this order: the venue reports what of the working orders decided at earlier
 * closes executed inside this bar (the {@link SimulatedVenue}: through the {@link FillModel}, never
 * earlier than their decision close + latency; decision orders first, then stop loss before take
 * profit — the worst case when both trigger in one bar); the portfolio is marked at the bar's close
 * and the drawdown breaker updated; the strategy sees the bar and decides at its close; the risk
 * gate checks and the sizer sizes the order; the bracket manager keeps one stop-loss / take-profit
 * pair on the position (created when a position opens or flips, amended in place when it changes
 * size, cancelled when it closes). Nothing in a call depends on a later bar.
 */
public final class TradingKernel {

    private static final double YEAR_MS = 365.0 * 24 * 3600 * 1000;

    private final KernelConfig cfg;
    private final Venue venue;
    private final Clock clock;
    private final KernelState st;
    private final OrderMaker maker;
    private final double periodsPerYear;
    private final int warmup;
    private final boolean pollEveryBar;
    private String checkedInterval = "";
    // one log and one view of the book, reused by every onBar call (allocation-free quiet bars)
    private final StepLog stepLog = new StepLog();
    private final StepView stepView = new StepView(stepLog);
    private final KernelBook stepBook;

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
        this.pollEveryBar = venue.pollsEveryBar();
        this.clock = Objects.requireNonNull(clock);
        this.st = state;
        this.stepBook = new KernelBook(cfg.runId(), state, stepLog);
        this.maker =
                new OrderMaker(
                        cfg.runId(), cfg.symbol(), state.strategy.name(), cfg.modelVersion());
        this.periodsPerYear = YEAR_MS / cfg.intervalMillis();
        int w = state.strategy.warmupBars();
        if (cfg.sizing().method() == Sizing.Method.VOL_TARGET) {
            w = Math.max(w, cfg.sizing().volLookback() + 1);
        }
        this.warmup = w;
        if (cfg.risk().killSwitch()) st.risk.setKillSwitch(true);
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
        st.risk.setKillSwitch(on);
        List<Order> cancelled = new ArrayList<>();
        if (on) {
            st.working.cancelKind(WorkingOrder.Kind.DECISION, cancelled);
            st.intended = held();
        }
        for (Order o : cancelled) venue.cancel(o);
        return cancelled;
    }

    /** Re-arms new entries after the drawdown breaker halted them (an operator decision). */
    public void resetDrawdownHalt(double currentEquity) {
        st.risk.resetHalt(currentEquity);
    }

    /**
     * Processes the completed bar {@code bar} (bars strictly increasing in time, all of this
     * kernel's symbol). {@code probabilityUp} is the model score for this bar if any; {@code
     * gapBefore} flags missing bars before it.
     */
    public StepResult onBar(Bar bar, OptionalDouble probabilityUp, boolean gapBefore) {
        StepView s = advance(bar, probabilityUp, gapBefore);
        StepLog log = stepLog;
        Portfolio pf = st.portfolio;
        double close = bar.close();
        return new StepResult(
                bar,
                s.decision(),
                s.fills(),
                StepLog.frozen(log.orders),
                StepLog.frozen(log.cancelled),
                StepLog.frozen(log.amended),
                StepLog.frozen(log.trades),
                s.rejections(),
                position(end(bar), close),
                new EquityPoint(
                        cfg.runId(),
                        cfg.symbol(),
                        end(bar),
                        pf.cash(),
                        pf.quantity() * close,
                        s.equity()));
    }

    /**
     * The step of {@link #onBar} without building its records: returns the kernel's reused view of
     * what it did (valid until the next call), so a bar where nothing happens allocates nothing.
     */
    public StepView advance(Bar bar, OptionalDouble probabilityUp, boolean gapBefore) {
        checkBar(bar);
        Portfolio pf = st.portfolio;
        StepLog log = stepLog;
        log.clear();
        List<Fill> fills = List.of();
        if (pollEveryBar || !st.working.isEmpty()) fills = venue.fillsFor(bar, end(bar), stepBook);
        double close = bar.close();
        st.sizer.onClose(close);
        double equity = pf.equity(close);
        st.risk.mark(equity, cfg.risk());
        if (pf.quantity() != 0.0) st.barsInPosition++;
        if (st.working.expire(end(bar), log.cancelled)) {
            st.intended = held(); // the entry did not (fully) happen: the strategy sees the truth
        }

        st.barsSeen++;
        Direction d = st.strategy.onBar(bar, probabilityUp, st.intended);
        if (st.barsSeen < warmup) d = Direction.HOLD;
        if (cfg.mode() == TradingMode.LONG_ONLY && d == Direction.SHORT) d = Direction.FLAT;
        List<String> rejections = List.of();
        if (d != Direction.HOLD && d != st.intended) {
            String why = decide(d, bar, gapBefore, equity, log);
            if (why != null) {
                rejections = List.of(why);
                st.risk.recordRejection();
            }
        }
        if (BracketManager.enabled(cfg.orders())) {
            st.brackets.attach(end(bar), pf, st.working, cfg.orders(), maker, log);
        }
        st.lastBarTs = bar.ts();
        tellVenue(log);
        stepView.set(d, fills, rejections, equity);
        return stepView;
    }

    private Position position(long at, double close) {
        Portfolio pf = st.portfolio;
        return new Position(
                cfg.runId(),
                cfg.symbol(),
                at,
                pf.quantity(),
                pf.avgPrice(),
                close,
                pf.realizedPnl(),
                pf.unrealizedPnl(close));
    }

    /** Tells the venue what changed in the book at this step: withdrawals first. */
    private void tellVenue(StepLog log) {
        if (log.cancelled.isEmpty() && log.amended.isEmpty() && log.orders.isEmpty()) return;
        for (Order o : log.cancelled) venue.cancel(o);
        for (Order o : log.amended) {
            if (!log.cancelled.contains(o)) venue.amend(o);
        }
        for (Order o : log.orders) venue.submit(o);
    }

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
        String bad = plainlyValid(bar) ? null : bar.invalidReason();
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

    /**
     * A cheap test that passes every bar {@link Bar#invalidReason()} accepts except those it needs
     * to look at closer (the hot loop skips its array allocation).
     */
    private static boolean plainlyValid(Bar b) {
        double lo = b.low();
        double hi = b.high();
        return lo > 0
                && hi < Double.POSITIVE_INFINITY
                && b.open() >= lo
                && b.open() <= hi
                && b.close() >= lo
                && b.close() <= hi
                && b.volume() >= 0
                && b.volume() < Double.POSITIVE_INFINITY
                && b.symbol() != null
                && !b.symbol().isBlank();
    }

    private Direction held() {
        double q = st.portfolio.quantity();
        return q > 0 ? Direction.LONG : q < 0 ? Direction.SHORT : Direction.FLAT;
    }

    /** Turns a decision into at most one order; returns the rejection reason or null. */
    private String decide(Direction d, Bar bar, boolean gapBefore, double equity, StepLog log) {
        RiskLimits risk = cfg.risk();
        long decisionTs = end(bar);
        String refused = st.risk.admit(decisionTs, clock.millis(), gapBefore, bar.ts(), risk);
        if (refused != null) return refused;
        double pos = st.portfolio.quantity();
        d = st.risk.whileHalted(d, pos);
        if (d == null) return RiskGate.haltReason(risk);
        double price = bar.close();
        double target = 0.0;
        if (d != Direction.FLAT) {
            double fraction = st.sizer.fraction(cfg.sizing(), periodsPerYear);
            if (!(fraction > 0)) return "sizing: no volatility estimate";
            double qty = fraction * Math.max(equity, 0.0) / price;
            target = d.sign() * RiskGate.capPosition(qty, price, risk);
        }
        refused = st.risk.checkOrderRate(decisionTs, risk);
        if (refused != null) return refused;
        st.working.cancelKind(WorkingOrder.Kind.DECISION, log.cancelled);
        double delta = RiskGate.capOrder(target - pos, price, risk);
        st.intended = d;
        if (Math.abs(delta) * price <= 1e-9 * Math.max(1.0, Math.abs(equity))) return null;
        submitDecision(d, delta, price, decisionTs, log);
        return null;
    }

    private void submitDecision(
            Direction d, double delta, double price, long decisionTs, StepLog log) {
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
        String reason = st.strategy.name() + ":" + d.name().toLowerCase();
        Order o = maker.make(decisionTs, "en", side, type, Math.abs(delta), limit, stop, reason);
        st.working.add(
                new WorkingOrder(
                        o, WorkingOrder.Kind.DECISION, decisionTs + op.latencyMs(), expires));
        st.risk.recordOrder(decisionTs);
        st.ordersEmitted++;
        log.orders.add(o);
    }
}
