package dev.algotrader.core.backtest;

import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.core.trading.Indicator;
import dev.algotrader.core.trading.IndicatorSeries;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.StepView;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@link Backtester} of one symbol without a model, reduced to what a leaderboard needs: the
 * metrics and the order-list hash, not the per-bar position and equity rows. The same kernel on the
 * same simulated venue, bar for bar, so its figures are the backtester's bit for bit ({@code
 * SeriesBacktestParityTest}); what it saves is the per-bar records and that many runs share one
 * symbol's bars and precomputed indicators ({@link Prepared}), which is what a parameter sweep runs
 * thousands of times.
 */
public final class SeriesBacktest {

    /** A run's leaderboard figures. */
    public record Summary(
            PerformanceMetrics metrics, String orderListHash, int orders, int fills) {}

    /**
     * One symbol's bars as the backtester selects them (interval, period, order, no duplicates) and
     * the indicators of every strategy that will run on them, computed once.
     */
    public static final class Prepared {
        private final String symbol;
        private final Bar[] bars;
        private final IndicatorSeries series;

        private Prepared(String symbol, Bar[] bars, IndicatorSeries series) {
            this.symbol = symbol;
            this.bars = bars;
            this.series = series;
        }

        public String symbol() {
            return symbol;
        }

        public int size() {
            return bars.length;
        }
    }

    private SeriesBacktest() {}

    /**
     * Selects {@code symbol}'s bars from {@code input} as {@code cfg} would and computes {@code
     * indicators} over them (the union of what the strategies to run declare).
     */
    public static Prepared prepare(
            BacktestConfig cfg,
            String symbol,
            List<Bar> input,
            Collection<? extends Indicator> indicators) {
        List<Bar> bars = Backtester.select(cfg.withSymbols(List.of(symbol)), input).get(symbol);
        Set<Indicator> needed = new LinkedHashSet<>(indicators);
        IndicatorSeries series =
                IndicatorSeries.compute(
                        Backtester.openTimes(bars), Backtester.closes(bars), needed);
        return new Prepared(symbol, bars.toArray(new Bar[0]), series);
    }

    /**
     * Runs {@code cfg}'s strategy (one that needs no model) on the prepared symbol; equals {@link
     * Backtester#run} of {@code cfg} limited to that symbol in metrics and order-list hash.
     */
    public static Summary run(BacktestConfig cfg, String runId, Prepared p) {
        if (Strategies.needsModel(cfg.strategy())) {
            throw new BacktestError("a series backtest runs strategies without a model");
        }
        long interval = BarInterval.parse(cfg.interval()).millis();
        Bar[] bars = p.bars;
        int n = bars.length;
        double cash = cfg.initialCash(); // one symbol: all of the capital
        KernelConfig k = cfg.kernelConfig(runId, p.symbol, cash);
        SimulationClock clock = new SimulationClock();
        TradingKernel kernel = new TradingKernel(k, SimulatedVenue.of(k), clock);
        kernel.state().strategy().bind(p.series);
        List<Order> orders = new ArrayList<>();
        Map<String, Integer> orderIndex = new HashMap<>();
        List<Trade> trades = new ArrayList<>();
        long[] ts = new long[n];
        double[] eq = new double[n];
        int fills = 0;
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Bar bar = bars[i];
            clock.set(bar.ts() + interval);
            boolean gap = i > 0 && bar.ts() - prev > interval;
            prev = bar.ts();
            StepView r = kernel.advance(bar, OptionalDouble.empty(), gap);
            List<Order> emitted = r.orders();
            for (int j = 0; j < emitted.size(); j++) {
                Order o = emitted.get(j);
                orderIndex.put(o.clientOrderId(), orders.size());
                orders.add(o);
            }
            List<Order> amended = r.amended();
            for (int j = 0; j < amended.size(); j++) {
                Order o = amended.get(j);
                orders.set(orderIndex.get(o.clientOrderId()), o);
            }
            fills += r.fills().size();
            if (!r.closedTrades().isEmpty()) trades.addAll(r.closedTrades());
            ts[i] = bar.ts() + interval;
            eq[i] = 0 + r.equity();
        }
        KernelState st = kernel.state();
        // as the backtester sums the account over symbols (0 + x) and buy-and-hold per symbol
        double buyHold = 0 + cash * bars[n - 1].close() / bars[0].open();
        PerformanceMetrics m =
                PerformanceMetrics.compute(
                        bars[0].ts(),
                        cfg.initialCash(),
                        ts,
                        eq,
                        interval,
                        trades,
                        0 + st.portfolio().feesPaid(),
                        0 + st.portfolio().tradedNotional(),
                        (double) (0 + st.barsInPosition()) / n,
                        buyHold / cfg.initialCash() - 1);
        return new Summary(m, BacktestResult.orderListHash(orders), orders.size(), fills);
    }
}
