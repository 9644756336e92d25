package dev.algotrader.batch.sweep;

import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.schema.Bar;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The SMA parameter sweep on one machine's cores: {@code fasts × slows} sma-cross pairs (fast 2…,
 * slow from fast's end on) over {@code bars} seeded synthetic 1-minute bars of one symbol, run by
 * {@link BacktestSweep#runLocal} on {@code threads} workers with the packaged backtest defaults
 * (long-only, next-open market orders, slippage, impact, participation cap, fees). Reported: bar
 * evaluations (pairs × bars) per wall second and per CPU-second of the workers, next to the
 * baseline of one full {@link Backtester} run over the same bars measured in the same run; and a
 * check that Spark's sweep ({@link BacktestSweep#run} on {@code local[2]}) gives the same
 * leaderboard rows for a sample of the cells.
 */
public final class SweepBench {

    /** The measured figures. */
    public record Result(
            int pairs,
            int bars,
            int threads,
            double seconds,
            double cpuSeconds,
            double backtesterBarsPerSec,
            int checkedCells,
            boolean identical,
            LeaderboardRow best,
            double loadAverage) {

        public double evalsPerSec() {
            return (double) pairs * bars / seconds;
        }

        public double evalsPerCpuSec() {
            return (double) pairs * bars / cpuSeconds;
        }

        /** One line for {@code make bench}. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "backtest sweep (core, %d threads, no Spark): %,d SMA pairs × %,d bars in %.1f s"
                            + " = %,.0f bar-evaluations/s wall (%,.0f per CPU-second of the JVM, i.e."
                            + " per core; load average %.1f); one full Backtester run %,.0f bars/s; best by sharpe: %s"
                            + " %s (sharpe %.2f, %d trades); Spark local[2] sweep of %d of the cells"
                            + " gives identical rows: %s",
                    threads,
                    pairs,
                    bars,
                    seconds,
                    evalsPerSec(),
                    evalsPerCpuSec(),
                    loadAverage,
                    backtesterBarsPerSec,
                    best.strategy(),
                    best.params(),
                    best.sharpe(),
                    best.trades(),
                    checkedCells,
                    identical);
        }
    }

    private SweepBench() {}

    /**
     * Runs the benchmark: the grid once untimed on a small prefix of the bars (warm-up), then timed
     * on all of them.
     */
    public static Result run(int fasts, int slows, int bars, int threads, int checked, long seed) {
        List<Bar> series = SyntheticBars.generate("BENCH/USD", "1m", bars, seed);
        BacktestConfig base = BacktestConfig.fromHocon("");
        List<SweepCell> cells = grid(fasts, slows, base);
        BacktestSweep.runLocal(
                series.subList(0, Math.min(bars, 20_000)),
                base,
                cells.subList(0, Math.min(200, cells.size())),
                "sharpe",
                threads);
        long cpu0 = processCpu();
        long t0 = System.nanoTime();
        List<LeaderboardRow> board = BacktestSweep.runLocal(series, base, cells, "sharpe", threads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpu() - cpu0) / 1e9;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        long b0 = System.nanoTime();
        Backtester.run(base, "baseline", series, Predictions.none());
        double backtester = bars / ((System.nanoTime() - b0) / 1e9);

        List<SweepCell> sample = new ArrayList<>();
        for (int i = 0; i < checked && i < cells.size(); i++) {
            sample.add(cells.get((int) ((long) i * cells.size() / checked)));
        }
        // the figure first: a Spark failure below must not lose it
        System.out.printf(
                Locale.ROOT,
                "backtest sweep (core, %d threads): %,d SMA pairs × %,d bars in %.1f s wall, %.1f"
                        + " CPU-s (load average %.1f)%n",
                threads,
                cells.size(),
                bars,
                seconds,
                cpuSeconds,
                load);
        boolean identical = sample.isEmpty() || sparkAgrees(series, base, sample, board);
        return new Result(
                cells.size(),
                bars,
                threads,
                seconds,
                cpuSeconds,
                backtester,
                sample.size(),
                identical,
                board.get(0),
                load);
    }

    /** fast = 2, 3, …; slow = from the last fast + 1 on: every pair valid (fast < slow). */
    static List<SweepCell> grid(int fasts, int slows, BacktestConfig base) {
        StringBuilder f = new StringBuilder();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fasts; i++) f.append(i == 0 ? "" : ", ").append(2 + i);
        for (int i = 0; i < slows; i++) s.append(i == 0 ? "" : ", ").append(2 + fasts + i);
        return BacktestSweep.grid(
                ConfigFactory.parseString("sma-cross { fast = [" + f + "], slow = [" + s + "] }"),
                base,
                List.of("BENCH/USD"));
    }

    /** CPU time of this JVM (the workers, and the GC and compiler threads they keep busy). */
    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return System.nanoTime(); // no CPU clock: the figure falls back to wall time
    }

    private static boolean sparkAgrees(
            List<Bar> bars, BacktestConfig base, List<SweepCell> sample, List<LeaderboardRow> all) {
        SparkSession spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("sweep-bench")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
        try {
            List<LeaderboardRow> viaSpark = BacktestSweep.run(spark, bars, base, sample, "sharpe");
            Map<String, LeaderboardRow> local = new java.util.HashMap<>();
            for (LeaderboardRow r : all) local.put(r.params(), r.withRank(0));
            for (LeaderboardRow r : viaSpark) {
                if (!r.withRank(0).equals(local.get(r.params()))) return false;
            }
            return true;
        } finally {
            spark.stop();
        }
    }

    /**
     * {@code SweepBench [fasts] [slows] [bars] [threads] [spark-checked-cells]}: prints one line
     * (defaults 50 × 100 = 5,000 pairs over 1,000,000 bars on 2 threads, 4 cells checked on Spark).
     */
    public static void main(String[] args) {
        int fasts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int slows = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int bars = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int checked = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        // a bench entry point, like the CLI
        System.out.println(run(fasts, slows, bars, threads, checked, 42).line());
    }
}
