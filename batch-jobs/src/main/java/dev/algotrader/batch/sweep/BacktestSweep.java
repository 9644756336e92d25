package dev.algotrader.batch.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestError;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.backtest.SeriesBacktest;
import dev.algotrader.core.backtest.Strategies;
import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.core.trading.Indicator;
import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A grid of strategy parameters × symbols, each cell one core {@link Backtester} run inside a Spark
 * task (one partition per cell, bars broadcast once), collected into a ranked leaderboard. Every
 * cell is the exact backtest {@code algo-trader backtest} would run with those parameters, so a
 * leaderboard line can be reproduced alone. {@link LeaderboardFormats} writes the leaderboard out.
 */
public final class BacktestSweep {

    private BacktestSweep() {}

    /**
     * The cells of {@code algotrader.backtest.sweep}: for each strategy listed there, every
     * combination of its value lists, crossed with {@code symbols}; parameters not listed keep
     * {@code base}'s values for that strategy only if it is {@code base}'s strategy.
     */
    public static List<SweepCell> grid(Config sweep, BacktestConfig base, List<String> symbols) {
        if (symbols.isEmpty()) throw new BacktestError("the sweep needs at least one symbol");
        List<SweepCell> cells = new ArrayList<>();
        for (String strategy : new TreeSet<>(sweep.root().keySet())) {
            if (strategy.equals("output") || strategy.equals("rank-by")) continue;
            List<String> known = Strategies.PARAMS.get(strategy);
            if (known == null) {
                throw new BacktestError(
                        "sweep grid names unknown strategy '"
                                + strategy
                                + "': use sma-cross or rsi-reversion");
            }
            Config g = sweep.getConfig(strategy);
            Map<String, List<Double>> axes = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : g.root().entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw new BacktestError(
                            "sweep grid of "
                                    + strategy
                                    + " has unknown parameter '"
                                    + e.getKey()
                                    + "': its parameters are "
                                    + String.join(", ", known));
                }
                try {
                    axes.put(e.getKey(), g.getDoubleList(e.getKey()));
                } catch (ConfigException ex) {
                    throw new BacktestError(
                            "sweep grid "
                                    + strategy
                                    + "."
                                    + e.getKey()
                                    + " must be a list of numbers, e.g. [5, 10, 20]");
                }
            }
            for (String k : known) {
                if (!axes.containsKey(k)) {
                    if (!strategy.equals(base.strategy())) {
                        throw new BacktestError(
                                "sweep grid of " + strategy + " must list parameter '" + k + "'");
                    }
                    axes.put(k, List.of(base.strategyParams().get(k)));
                }
            }
            for (Map<String, Double> combo : combinations(axes)) {
                try {
                    Strategies.factory(strategy, combo);
                } catch (BacktestError invalid) {
                    continue; // e.g. fast >= slow: not a strategy, skip the combination
                }
                for (String s : symbols) cells.add(new SweepCell(strategy, combo, s));
            }
        }
        if (cells.isEmpty()) throw new BacktestError("the sweep grid has no valid combination");
        return cells;
    }

    private static List<Map<String, Double>> combinations(Map<String, List<Double>> axes) {
        List<Map<String, Double>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Double>> axis : axes.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> partial : out) {
                for (Double v : axis.getValue()) {
                    Map<String, Double> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Runs every cell as a Spark task and returns the leaderboard, best first by {@code rankBy}
     * ({@code sharpe}, {@code total-return} or {@code calmar}; undefined values last).
     */
    public static List<LeaderboardRow> run(
            SparkSession spark,
            List<Bar> bars,
            BacktestConfig base,
            List<SweepCell> cells,
            String rankBy) {
        Comparator<LeaderboardRow> order = ranking(rankBy);
        Map<String, List<Bar>> bySymbol = new TreeMap<>();
        for (Bar b : bars) bySymbol.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b);
        for (SweepCell c : cells) {
            if (!bySymbol.containsKey(c.symbol())) {
                throw new BacktestError(
                        "symbol '"
                                + c.symbol()
                                + "' has no bars: available are "
                                + bySymbol.keySet());
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Map<String, List<Bar>>> shared = jsc.broadcast(bySymbol);
        try {
            List<LeaderboardRow> rows =
                    new ArrayList<>(
                            jsc.parallelize(cells, Math.max(1, cells.size()))
                                    .map(c -> runCell(base, c, shared.value().get(c.symbol())))
                                    .collect());
            rows.sort(order);
            List<LeaderboardRow> ranked = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) ranked.add(rows.get(i).withRank(i + 1));
            return ranked;
        } finally {
            shared.destroy();
        }
    }

    /**
     * Runs every cell on this machine's cores ({@code threads} workers, no Spark) and returns the
     * same leaderboard as {@link #run}: each cell is a {@link SeriesBacktest} on its symbol's bars,
     * which equals the core backtester's run bit for bit, and each symbol's bars are selected and
     * the indicators every cell's strategy declares computed once for all its cells.
     */
    public static List<LeaderboardRow> runLocal(
            List<Bar> bars,
            BacktestConfig base,
            List<SweepCell> cells,
            String rankBy,
            int threads) {
        Comparator<LeaderboardRow> order = ranking(rankBy);
        Map<String, List<SweepCell>> bySymbol = new TreeMap<>();
        for (SweepCell c : cells) {
            bySymbol.computeIfAbsent(c.symbol(), k -> new ArrayList<>()).add(c);
        }
        Map<String, SeriesBacktest.Prepared> prepared = new TreeMap<>();
        for (Map.Entry<String, List<SweepCell>> e : bySymbol.entrySet()) {
            Set<Indicator> needed = new LinkedHashSet<>();
            for (SweepCell c : e.getValue()) {
                needed.addAll(Strategies.factory(c.strategy(), c.params()).get().indicators());
            }
            if (bars.stream().noneMatch(b -> b.symbol().equals(e.getKey()))) {
                Set<String> available = new TreeSet<>();
                for (Bar b : bars) available.add(b.symbol());
                throw new BacktestError(
                        "symbol '" + e.getKey() + "' has no bars: available are " + available);
            }
            prepared.put(e.getKey(), SeriesBacktest.prepare(base, e.getKey(), bars, needed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<LeaderboardRow>> futures = new ArrayList<>(cells.size());
            for (SweepCell c : cells) {
                SeriesBacktest.Prepared p = prepared.get(c.symbol());
                futures.add(pool.submit(() -> localCell(base, c, p)));
            }
            List<LeaderboardRow> rows = new ArrayList<>(cells.size());
            for (Future<LeaderboardRow> f : futures) rows.add(f.get());
            rows.sort(order);
            List<LeaderboardRow> ranked = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) ranked.add(rows.get(i).withRank(i + 1));
            return ranked;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacktestError("the sweep was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new BacktestError("a sweep cell failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One cell of {@link #runLocal}: the series backtest of its parameters on its symbol. */
    static LeaderboardRow localCell(
            BacktestConfig base, SweepCell cell, SeriesBacktest.Prepared bars) {
        BacktestConfig cfg =
                base.withStrategy(cell.strategy(), cell.params())
                        .withSymbols(List.of(cell.symbol()));
        SeriesBacktest.Summary r =
                SeriesBacktest.run(cfg, "sweep-" + cell.strategy() + "-" + cell.paramsText(), bars);
        return row(cell, r.metrics(), r.orderListHash());
    }

    /** One cell, exactly as the core backtester runs it (also used to check a leaderboard line). */
    public static LeaderboardRow runCell(BacktestConfig base, SweepCell cell, List<Bar> bars) {
        BacktestConfig cfg =
                base.withStrategy(cell.strategy(), cell.params())
                        .withSymbols(List.of(cell.symbol()));
        BacktestResult r =
                Backtester.run(
                        cfg,
                        "sweep-" + cell.strategy() + "-" + cell.paramsText(),
                        bars,
                        Predictions.none());
        return row(cell, r.metrics(), r.orderListHash());
    }

    private static LeaderboardRow row(SweepCell cell, PerformanceMetrics m, String orderHash) {
        return new LeaderboardRow(
                0,
                cell.strategy(),
                cell.paramsText(),
                cell.symbol(),
                m.totalReturn(),
                m.sharpe(),
                m.maxDrawdown(),
                m.calmar(),
                m.trades(),
                m.winRate(),
                m.finalEquity(),
                m.feesPaid(),
                m.buyHoldReturn(),
                orderHash);
    }

    static Comparator<LeaderboardRow> ranking(String rankBy) {
        java.util.function.ToDoubleFunction<LeaderboardRow> key =
                switch (rankBy) {
                    case "sharpe" -> LeaderboardRow::sharpe;
                    case "total-return" -> LeaderboardRow::totalReturn;
                    case "calmar" -> LeaderboardRow::calmar;
                    default ->
                            throw new BacktestError(
                                    "sweep.rank-by '"
                                            + rankBy
                                            + "' is unknown: use sharpe, total-return or calmar");
                };
        Comparator<LeaderboardRow> byKey =
                (a, b) -> {
                    double x = key.applyAsDouble(a);
                    double y = key.applyAsDouble(b);
                    boolean xn = Double.isNaN(x);
                    boolean yn = Double.isNaN(y);
                    if (xn || yn) return Boolean.compare(xn, yn);
                    return Double.compare(y, x);
                };
        return byKey.thenComparing(LeaderboardRow::strategy)
                .thenComparing(LeaderboardRow::params)
                .thenComparing(LeaderboardRow::symbol);
    }
}
