package dev.algotrader.core.bench;

import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.IndicatorSeries;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.ModelThresholdStrategy;
import dev.algotrader.core.trading.OrderPolicy;
import dev.algotrader.core.trading.RiskLimits;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.Sizing;
import dev.algotrader.core.trading.SmaCrossStrategy;
import dev.algotrader.core.trading.StepResult;
import dev.algotrader.core.trading.StepView;
import dev.algotrader.core.trading.Strategy;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.OrderType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Throughput of the trading kernel, single thread, over {@code passes} passes of {@code
 * barsPerPass} seeded synthetic 1-minute bars (a fresh run per pass; arrays reused, timestamps keep
 * increasing, so 10M bars need ~60 MB); the figure is the median pass, timed in CPU time of the
 * benchmark thread (bars per CPU-second: comparable on a shared machine; on an idle one it equals
 * wall time):
 *
 * <ul>
 *   <li><b>SMA(10/30) crossover</b>, long-only, next-open market orders with slippage, impact,
 *       participation cap and taker fees, including its indicators (the two SMAs the strategy
 *       declares, computed over each pass's series, timed) — next to a raw loop in the same run
 *       that computes the same two SMAs and crossover signals without the engine.
 *   <li><b>model strategy</b> on precomputed probabilities (long/short, market orders, stop loss
 *       and take profit) — next to a minimal loop that only sums the bar returns.
 * </ul>
 */
public final class EngineBench {

    /** The measured figures of one kernel run against its baseline. */
    public record Figure(
            String name,
            long bars,
            double engineBarsPerSec,
            double withRecordsBarsPerSec,
            double baselineBarsPerSec,
            long orders,
            long fills,
            double finalEquity,
            long baselineCheck) {

        /** engine throughput / baseline throughput. */
        public double ratio() {
            return engineBarsPerSec / baselineBarsPerSec;
        }
    }

    /** Both figures. */
    public record Result(Figure sma, Figure model) {

        /** The lines for {@code make bench}. */
        public String line() {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return String.format(
                    Locale.ROOT,
                    "backtest engine, SMA(10/30) crossover incl. its SMAs, fees and slippage: %,d bars,"
                            + " %,.0f bars/s (kernel step; %,.0f with the per-bar records of onBar);"
                            + " raw loop of the same SMAs and cross signals %,.0f bars/s; engine/raw ="
                            + " %.3f (%,d orders, %,d fills, %,d crosses)%n"
                            + "backtest engine, model strategy on precomputed scores: %,d bars, %,.0f"
                            + " bars/s (kernel step; %,.0f with onBar's records); return-summing loop"
                            + " %,.0f bars/s; engine/loop = %.4f (%,d orders, %,d fills)%n"
                            + "(single thread, median pass, bars per CPU-second of the bench thread;"
                            + " load average %.1f)",
                    sma.bars,
                    sma.engineBarsPerSec,
                    sma.withRecordsBarsPerSec,
                    sma.baselineBarsPerSec,
                    sma.ratio(),
                    sma.orders,
                    sma.fills,
                    sma.baselineCheck,
                    model.bars,
                    model.engineBarsPerSec,
                    model.withRecordsBarsPerSec,
                    model.baselineBarsPerSec,
                    model.ratio(),
                    model.orders,
                    model.fills,
                    load);
        }
    }

    /** Seeded synthetic bars (a random walk) and an AR(1) model score. */
    record Series(double[] o, double[] h, double[] l, double[] c, double[] v, double[] p) {
        static Series synthetic(int n, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] o = new double[n];
            double[] h = new double[n];
            double[] l = new double[n];
            double[] c = new double[n];
            double[] v = new double[n];
            double[] p = new double[n];
            double price = 1000;
            for (int i = 0; i < n; i++) {
                o[i] = price;
                double close = price * Math.exp((rnd.nextDouble() - 0.5) * 0.004);
                h[i] = Math.max(price, close) * (1 + rnd.nextDouble() * 0.001);
                l[i] = Math.min(price, close) * (1 - rnd.nextDouble() * 0.001);
                c[i] = close;
                v[i] = 5 + rnd.nextDouble() * 20;
                price = close;
            }
            // a persistent score (AR(1)) so positions last a while, as a real model's do
            double z = 0;
            for (int i = 0; i < n; i++) {
                z = 0.999 * z + 0.1 * (rnd.nextDouble() - 0.5);
                p[i] = 0.5 + 0.45 * Math.tanh(z);
            }
            return new Series(o, h, l, c, v, p);
        }
    }

    /**
     * One pass's input as a backtester holds it: the bars (timestamps after the previous pass's)
     * and the model scores, built before the timed loop.
     */
    record Input(Bar[] bars, OptionalDouble[] scores) {
        static Input of(Series s, int pass, boolean scored) {
            int n = s.c.length;
            Bar[] bars = new Bar[n];
            OptionalDouble[] scores = new OptionalDouble[n];
            long t = START + (long) pass * n * MINUTE;
            for (int i = 0; i < n; i++) {
                bars[i] =
                        new Bar(
                                "BENCH/USD",
                                "1m",
                                t + i * MINUTE,
                                s.o[i],
                                s.h[i],
                                s.l[i],
                                s.c[i],
                                s.v[i]);
                scores[i] = scored ? OptionalDouble.of(s.p[i]) : OptionalDouble.empty();
            }
            return new Input(bars, scores);
        }
    }

    private static final long START = 1_704_067_200_000L;
    private static final long MINUTE = 60_000L;

    private EngineBench() {}

    /**
     * Runs the benchmark: two untimed warm-up passes of each loop, then {@code passes} timed passes
     * of each; a figure is the median pass (robust to the other work on a shared machine).
     */
    public static Result run(int barsPerPass, int passes, long seed) {
        Series s = Series.synthetic(barsPerPass, seed);
        KernelConfig sma = smaConfig();
        KernelConfig model = modelConfig();
        for (int w = 0; w < 2; w++) {
            Input plain = Input.of(s, w, false);
            Input scored = Input.of(s, w, true);
            kernel(sma, s, plain, true, false);
            kernel(sma, s, plain, true, true);
            smaLoop(s.c, 10, 30);
            kernel(model, s, scored, false, false);
            kernel(model, s, scored, false, true);
            returnLoop(s.c);
        }
        long[] smaRun = new long[3];
        long[] modelRun = new long[3];
        long crosses = 0;
        double sum = 0;
        double[][] rate = new double[6][passes];
        for (int pass = 0; pass < passes; pass++) {
            Input plain = Input.of(s, pass, false);
            Input scored = Input.of(s, pass, true);
            long t0 = cpuNanos();
            long[] a = kernel(sma, s, plain, true, false);
            long t1 = cpuNanos();
            crosses += smaLoop(s.c, 10, 30);
            long t2 = cpuNanos();
            long[] b = kernel(model, s, scored, false, false);
            long t3 = cpuNanos();
            sum += returnLoop(s.c);
            long t4 = cpuNanos();
            long[] a2 = kernel(sma, s, plain, true, true);
            long t5 = cpuNanos();
            long[] b2 = kernel(model, s, scored, false, true);
            long t6 = cpuNanos();
            if (a2[2] != a[2] || b2[2] != b[2]) {
                throw new IllegalStateException("onBar and advance disagree on final equity");
            }
            rate[0][pass] = barsPerPass / ((t1 - t0) / 1e9);
            rate[1][pass] = barsPerPass / ((t2 - t1) / 1e9);
            rate[2][pass] = barsPerPass / ((t3 - t2) / 1e9);
            rate[3][pass] = barsPerPass / ((t4 - t3) / 1e9);
            rate[4][pass] = barsPerPass / ((t5 - t4) / 1e9);
            rate[5][pass] = barsPerPass / ((t6 - t5) / 1e9);
            add(smaRun, a);
            add(modelRun, b);
        }
        long bars = (long) barsPerPass * passes;
        return new Result(
                new Figure(
                        "sma-cross",
                        bars,
                        median(rate[0]),
                        median(rate[4]),
                        median(rate[1]),
                        smaRun[1],
                        smaRun[0],
                        Double.longBitsToDouble(smaRun[2]),
                        crosses),
                new Figure(
                        "model",
                        bars,
                        median(rate[2]),
                        median(rate[5]),
                        median(rate[3]),
                        modelRun[1],
                        modelRun[0],
                        Double.longBitsToDouble(modelRun[2]),
                        (long) sum));
    }

    private static void add(long[] total, long[] pass) {
        total[0] += pass[0];
        total[1] += pass[1];
        total[2] = pass[2];
    }

    private static double median(double[] x) {
        double[] y = x.clone();
        java.util.Arrays.sort(y);
        int n = y.length;
        return n % 2 == 1 ? y[n / 2] : (y[n / 2 - 1] + y[n / 2]) / 2;
    }

    /**
     * CPU time of this thread: on a shared machine the figures then count the time the benchmark
     * ran, not the time other processes held the cores (wall time is not comparable there).
     */
    private static long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported()
                ? mx.getCurrentThreadCpuTime()
                : System.nanoTime();
    }

    /** The backtest defaults' costs: long-only, 95% of equity, next-open market orders. */
    static KernelConfig smaConfig() {
        return new KernelConfig(
                "bench",
                "BENCH/USD",
                MINUTE,
                10_000,
                TradingMode.LONG_ONLY,
                Sizing.fixed(0.95),
                new OrderPolicy(OrderType.MARKET, 0, 1, 0, 0, 0),
                new BarRangeFillModel(2, 50, 0.10),
                new FeeModel.Bps(10, 20),
                RiskLimits.none(),
                () -> new SmaCrossStrategy(10, 30),
                "");
    }

    static KernelConfig modelConfig() {
        return new KernelConfig(
                "bench",
                "BENCH/USD",
                MINUTE,
                10_000,
                TradingMode.LONG_SHORT,
                Sizing.fixed(0.5),
                new OrderPolicy(OrderType.MARKET, 0, 1, 0.02, 0.03, 0),
                new BarRangeFillModel(2, 50, 1.0),
                new FeeModel.Bps(10, 20),
                RiskLimits.none(),
                () -> new ModelThresholdStrategy(0.7, 0.5, 0.3, 0.5),
                "1");
    }

    /**
     * One fresh run of the kernel over the series (pass {@code pass}: its timestamps follow the
     * previous pass's); with {@code indicators} the strategy's declared indicators are computed
     * over the pass's bars first (timed). Returns fills, orders and the final equity bits.
     */
    private static long[] kernel(
            KernelConfig cfg, Series s, Input in, boolean indicators, boolean records) {
        SimulationClock clock = new SimulationClock();
        int n = s.c.length;
        long t = in.bars[0].ts();
        long fills = 0;
        double equity = 0;
        // one fresh run per pass: no strategy survives 10M bars of costs without an edge
        TradingKernel k = new TradingKernel(cfg, clock);
        if (indicators) {
            long[] ts = new long[n];
            for (int i = 0; i < n; i++) ts[i] = t + i * MINUTE;
            Strategy st = k.state().strategy();
            st.bind(IndicatorSeries.compute(ts, s.c, st.indicators()));
        }
        for (int i = 0; i < n; i++) {
            Bar b = in.bars[i];
            clock.set(t + MINUTE);
            OptionalDouble p = in.scores[i];
            if (records) {
                StepResult r = k.onBar(b, p, false);
                fills += r.fills().size();
                equity = r.equity().equity();
            } else {
                StepView r = k.advance(b, p, false);
                fills += r.fills().size();
                equity = r.equity();
            }
            t += MINUTE;
        }
        return new long[] {fills, k.state().ordersEmitted(), Double.doubleToLongBits(equity)};
    }

    /**
     * The raw baseline of the SMA rule: the same two SMAs (summed fresh, newest bar first, as the
     * strategy does) and the crossover signals, in a plain loop; returns the number of crosses.
     */
    static long smaLoop(double[] c, int fast, int slow) {
        long crosses = 0;
        double prev = Double.NaN;
        for (int i = slow - 1; i < c.length; i++) {
            double sumSlow = 0;
            double sumFast = 0;
            for (int k = 0; k < slow; k++) {
                double x = c[i - k];
                sumSlow += x;
                if (k < fast) sumFast += x;
            }
            double diff = sumFast / fast - sumSlow / slow;
            if ((prev <= 0 && diff > 0) || (prev >= 0 && diff < 0)) crosses++;
            prev = diff;
        }
        return crosses;
    }

    private static double returnLoop(double[] c) {
        double sum = 0;
        for (int i = 1; i < c.length; i++) sum += c[i] / c[i - 1] - 1;
        return sum;
    }

    /** {@code EngineBench [barsPerPass] [passes]}: prints the figures (defaults 1,000,000 × 10). */
    public static void main(String[] args) {
        int per = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(per, passes, 42).line()); // a bench entry point, like the CLI
    }
}
