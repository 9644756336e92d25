package dev.algotrader.core.backtest;

import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.core.trading.Indicator;
import dev.algotrader.core.trading.IndicatorSeries;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.Strategy;
import dev.algotrader.core.trading.SymbolTrader;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.core.trading.TradeOutcome;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-driven replay: the bars of one or many symbols, merged in time order (bar open time, then
 * symbol), each driven through its own {@link SymbolTrader} (on the simulated venue) with a {@link
 * SimulationClock} set to the bar's close. The capital is split equally between the symbols; the
 * account's equity at a timestamp is the sum of every symbol's last equity. Gaps (a bar more than
 * one interval after the previous one) are passed to the kernel as {@code gapBefore}.
 */
public final class Backtester {

    private static final Logger LOG = LoggerFactory.getLogger(Backtester.class);

    private Backtester() {}

    /** Runs the backtest; bars may come in any order and hold more symbols than requested. */
    public static BacktestResult run(
            BacktestConfig cfg, String runId, List<Bar> input, Predictions predictions) {
        long interval = BarInterval.parse(cfg.interval()).millis();
        Map<String, List<Bar>> bySymbol = select(cfg, input);
        if (Strategies.needsModel(cfg.strategy()) && predictions.isEmpty()) {
            throw new BacktestError(
                    "strategy 'model' needs out-of-sample predictions (gold/predictions): run"
                            + " 'algo-trader train' first, or pick sma-cross or rsi-reversion");
        }
        List<String> symbols = new ArrayList<>(bySymbol.keySet());
        double cashEach = cfg.initialCash() / symbols.size();
        Map<String, SymbolTrader> traders = new LinkedHashMap<>();
        SimulationClock clock = new SimulationClock();
        for (String s : symbols) {
            KernelConfig k = cfg.kernelConfig(runId, s, cashEach);
            SymbolTrader t = SymbolTrader.create(k, SimulatedVenue.of(k), clock, null);
            bindIndicators(t.kernel().state().strategy(), bySymbol.get(s));
            traders.put(s, t);
        }
        List<Bar> merged = new ArrayList<>();
        for (List<Bar> l : bySymbol.values()) merged.addAll(l);
        merged.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));

        List<Order> orders = new ArrayList<>();
        Map<String, Integer> orderIndex = new java.util.HashMap<>();
        List<Fill> fills = new ArrayList<>();
        List<Position> positions = new ArrayList<>(merged.size());
        List<Trade> trades = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Double> lastEquity = new LinkedHashMap<>();
        Map<String, Double> lastCash = new LinkedHashMap<>();
        Map<String, Double> firstOpen = new LinkedHashMap<>();
        Map<String, Double> lastClose = new LinkedHashMap<>();
        Map<String, Long> prevTs = new LinkedHashMap<>();
        for (String s : symbols) {
            lastEquity.put(s, cashEach);
            lastCash.put(s, cashEach);
            firstOpen.put(s, bySymbol.get(s).get(0).open());
        }
        List<EquityPoint> equity = new ArrayList<>();
        List<Double> buyHold = new ArrayList<>();
        long rejections = 0;
        for (int i = 0; i < merged.size(); i++) {
            Bar bar = merged.get(i);
            String s = bar.symbol();
            clock.set(bar.ts() + interval);
            Long p = prevTs.get(s);
            boolean gap = p != null && bar.ts() - p > interval;
            prevTs.put(s, bar.ts());
            TradeOutcome r = traders.get(s).onScoredBar(bar, predictions.at(s, bar.ts()), gap);
            for (Order o : r.orders()) {
                orderIndex.put(o.clientOrderId(), orders.size());
                orders.add(o);
            }
            // an amended stop-loss / take-profit keeps its row; the row shows its latest terms
            for (Order o : r.amended()) orders.set(orderIndex.get(o.clientOrderId()), o);
            fills.addAll(r.fills());
            trades.addAll(r.step().closedTrades());
            positions.add(r.position());
            for (String why : r.step().rejections()) {
                rejections++;
                reasons.merge(why.substring(0, Math.max(0, why.indexOf(':'))), 1L, Long::sum);
            }
            lastEquity.put(s, r.equity().equity());
            lastCash.put(s, r.equity().cash());
            lastClose.put(s, bar.close());
            boolean lastOfTs = i + 1 == merged.size() || merged.get(i + 1).ts() != bar.ts();
            if (lastOfTs) {
                double eq = 0;
                double cash = 0;
                double bh = 0;
                for (String sym : symbols) {
                    eq += lastEquity.get(sym);
                    cash += lastCash.get(sym);
                    Double c = lastClose.get(sym);
                    bh += c == null ? cashEach : cashEach * c / firstOpen.get(sym);
                }
                equity.add(
                        new EquityPoint(
                                runId,
                                EquityPoint.ACCOUNT,
                                bar.ts() + interval,
                                cash,
                                eq - cash,
                                eq));
                buyHold.add(bh);
            }
        }
        long[] ts = new long[equity.size()];
        double[] eq = new double[equity.size()];
        double[] bh = new double[equity.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = equity.get(i).ts();
            eq[i] = equity.get(i).equity();
            bh[i] = buyHold.get(i);
        }
        double fees = 0;
        double notional = 0;
        long inPosition = 0;
        for (SymbolTrader t : traders.values()) {
            KernelState st = t.kernel().state();
            fees += st.portfolio().feesPaid();
            notional += st.portfolio().tradedNotional();
            inPosition += st.barsInPosition();
        }
        PerformanceMetrics m =
                PerformanceMetrics.compute(
                        merged.get(0).ts(),
                        cfg.initialCash(),
                        ts,
                        eq,
                        interval,
                        trades,
                        fees,
                        notional,
                        (double) inPosition / merged.size(),
                        bh[bh.length - 1] / cfg.initialCash() - 1);
        LOG.info(
                "backtest {} {} on {}: {} bars, {} orders, {} fills, final equity {}",
                runId,
                cfg.strategy(),
                symbols,
                merged.size(),
                orders.size(),
                fills.size(),
                eq[eq.length - 1]);
        return new BacktestResult(
                runId,
                cfg,
                List.copyOf(symbols),
                orders,
                fills,
                positions,
                equity,
                bh,
                trades,
                rejections,
                reasons,
                m);
    }

    /**
     * Computes the indicators {@code strategy} declares over its symbol's {@code bars} (only those:
     * a strategy pays for what it reads) and binds them to it.
     */
    static void bindIndicators(Strategy strategy, List<Bar> bars) {
        List<Indicator> needed = strategy.indicators();
        if (needed.isEmpty()) return;
        strategy.bind(IndicatorSeries.compute(openTimes(bars), closes(bars), needed));
    }

    static long[] openTimes(List<Bar> bars) {
        long[] ts = new long[bars.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = bars.get(i).ts();
        return ts;
    }

    static double[] closes(List<Bar> bars) {
        double[] c = new double[bars.size()];
        for (int i = 0; i < c.length; i++) c[i] = bars.get(i).close();
        return c;
    }

    /** The requested symbols' bars inside the period, sorted, or a clear error. */
    static Map<String, List<Bar>> select(BacktestConfig cfg, List<Bar> input) {
        if (input.isEmpty()) {
            throw new BacktestError("no bars to backtest: run 'algo-trader ingest' first");
        }
        Map<String, List<Bar>> all = new TreeMap<>();
        for (Bar b : input) {
            if (!cfg.interval().equals(b.interval())) continue;
            all.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b);
        }
        if (all.isEmpty()) {
            TreeSet<String> intervals = new TreeSet<>();
            for (Bar b : input) intervals.add(b.interval());
            throw new BacktestError(
                    "no "
                            + cfg.interval()
                            + " bars in the input (it has "
                            + intervals
                            + "): set backtest.interval");
        }
        List<String> wanted = cfg.symbols().isEmpty() ? List.copyOf(all.keySet()) : cfg.symbols();
        Map<String, List<Bar>> out = new LinkedHashMap<>();
        long from = cfg.from() == null ? Long.MIN_VALUE : cfg.from().toEpochMilli();
        long to = cfg.to() == null ? Long.MAX_VALUE : cfg.to().toEpochMilli();
        for (String s : wanted) {
            List<Bar> bars = all.get(s);
            if (bars == null) {
                throw new BacktestError(
                        "symbol '"
                                + s
                                + "' has no "
                                + cfg.interval()
                                + " bars: available are "
                                + all.keySet());
            }
            bars.sort(Comparator.comparingLong(Bar::ts));
            List<Bar> in = new ArrayList<>();
            for (int i = 0; i < bars.size(); i++) {
                Bar b = bars.get(i);
                if (i > 0 && b.ts() == bars.get(i - 1).ts()) {
                    throw new BacktestError(
                            "duplicate "
                                    + s
                                    + " bar at "
                                    + Instant.ofEpochMilli(b.ts())
                                    + ": deduplicate the input (silver/bars is)");
                }
                if (b.ts() >= from && b.ts() < to) in.add(b);
            }
            if (in.isEmpty()) {
                throw new BacktestError(
                        "no "
                                + s
                                + " bars between "
                                + (cfg.from() == null ? "the start" : cfg.from())
                                + " and "
                                + (cfg.to() == null ? "the end" : cfg.to())
                                + ": the data covers "
                                + Instant.ofEpochMilli(bars.get(0).ts())
                                + " to "
                                + Instant.ofEpochMilli(bars.get(bars.size() - 1).ts())
                                + "; widen --from/--to");
            }
            out.put(s, in);
        }
        return out;
    }
}
