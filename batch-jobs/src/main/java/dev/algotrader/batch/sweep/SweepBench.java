package dev.algotrader.batch.sweep;

import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;

/**
 * The sweep's speed-up from one to two cores: the same grid (sma-cross 3×3 + rsi-reversion 3×2×2 on
 * {@code symbols} seeded synthetic symbols) run on {@code local[1]} and then on {@code local[2]},
 * each after one untimed warm-up run in the same session. Reports wall-clock seconds of the timed
 * runs, the speed-up and checks the two leaderboards are identical.
 */
public final class SweepBench {

    /** The measured figures. */
    public record Result(
            int cells, long barsPerCell, double secondsOne, double secondsTwo, boolean identical) {

        public double speedUp() {
            return secondsOne / secondsTwo;
        }

        /** One line for {@code make bench}. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "backtest sweep: %d backtests × %,d bars; local[1] %.2f s, local[2] %.2f s,"
                            + " speed-up %.2f× (leaderboards identical: %s)",
                    cells,
                    barsPerCell,
                    secondsOne,
                    secondsTwo,
                    speedUp(),
                    identical);
        }
    }

    private SweepBench() {}

    /** Runs the benchmark; stops any active SparkSession first. */
    public static Result run(int symbols, int barsPerSymbol, long seed) {
        List<Bar> bars = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols; s++) {
            String name = String.format(Locale.ROOT, "BENCH%02d/USD", s);
            names.add(name);
            bars.addAll(walk(name, barsPerSymbol, seed + s));
        }
        BacktestConfig base = BacktestConfig.fromHocon("");
        List<SweepCell> cells =
                BacktestSweep.grid(
                        ConfigFactory.parseString(
                                "sma-cross { fast = [5, 10, 20], slow = [30, 60, 120] }\n"
                                        + "rsi-reversion { period = [7, 14, 21], lower = [20, 30],"
                                        + " upper = [70, 80], exit = [50] }"),
                        base,
                        names);
        double[] seconds = new double[2];
        List<List<LeaderboardRow>> boards = new ArrayList<>();
        for (int cores = 1; cores <= 2; cores++) {
            SparkSession.getActiveSession()
                    .foreach(
                            s -> {
                                s.stop();
                                return null;
                            });
            SparkSession spark =
                    SparkSession.builder()
                            .master("local[" + cores + "]")
                            .appName("sweep-bench-" + cores)
                            .config("spark.ui.enabled", "false")
                            .config("spark.sql.shuffle.partitions", "2")
                            .getOrCreate();
            try {
                BacktestSweep.run(
                        spark, bars, base, cells.subList(0, Math.min(4, cells.size())), "sharpe");
                long t0 = System.nanoTime();
                boards.add(BacktestSweep.run(spark, bars, base, cells, "sharpe"));
                seconds[cores - 1] = (System.nanoTime() - t0) / 1e9;
            } finally {
                spark.stop();
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
            }
        }
        return new Result(
                cells.size(),
                barsPerSymbol,
                seconds[0],
                seconds[1],
                boards.get(0).equals(boards.get(1)));
    }

    private static List<Bar> walk(String symbol, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> out = new ArrayList<>(n);
        double price = 100 + rnd.nextDouble() * 900;
        long ts = 1_704_067_200_000L;
        for (int i = 0; i < n; i++) {
            double close = price * Math.exp((rnd.nextDouble() - 0.5) * 0.004);
            double hi = Math.max(price, close) * (1 + rnd.nextDouble() * 0.001);
            double lo = Math.min(price, close) * (1 - rnd.nextDouble() * 0.001);
            out.add(
                    new Bar(
                            symbol,
                            "1m",
                            ts + i * 60_000L,
                            price,
                            hi,
                            lo,
                            close,
                            5 + rnd.nextDouble() * 20));
            price = close;
        }
        return out;
    }

    /** {@code SweepBench [symbols] [barsPerSymbol]}: prints one line (defaults 2 × 50,000). */
    public static void main(String[] args) {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int bars = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        System.out.println(run(symbols, bars, 42).line()); // a bench entry point, like the CLI
    }
}
