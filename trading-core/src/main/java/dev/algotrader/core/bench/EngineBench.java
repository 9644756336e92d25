package dev.algotrader.core.bench;

import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.ModelThresholdStrategy;
import dev.algotrader.core.trading.OrderPolicy;
import dev.algotrader.core.trading.RiskLimits;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.Sizing;
import dev.algotrader.core.trading.StepResult;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.schema.Bar;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Throughput of the trading kernel, single thread: {@code passes} passes over {@code barsPerPass}
 * seeded synthetic 1-minute bars with precomputed model probabilities (the model strategy with
 * market orders, fills, fees and stops), next to a minimal loop that only sums the bar returns over
 * the same arrays. The ratio says how much the full kernel costs over touching the data. Arrays are
 * reused across passes (timestamps keep increasing) so 10M bars need ~50 MB, not GBs.
 */
public final class EngineBench {

    /** The measured figures. */
    public record Result(
            long bars,
            double engineBarsPerSec,
            double loopBarsPerSec,
            long fills,
            long orders,
            double finalEquity,
            double check) {

        /** engine throughput / minimal loop throughput. */
        public double ratio() {
            return engineBarsPerSec / loopBarsPerSec;
        }

        /** One line for {@code make bench}. */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "backtest engine: %,d bars, %,.0f bars/s (single thread; %,d orders, %,d fills,"
                            + " final equity of the last run %,.0f); minimal return-summing loop %,.0f bars/s;"
                            + " engine/loop = %.4f (1 : %.0f)",
                    bars,
                    engineBarsPerSec,
                    orders,
                    fills,
                    finalEquity,
                    loopBarsPerSec,
                    ratio(),
                    1 / ratio());
        }
    }

    private EngineBench() {}

    /** Runs the benchmark (one untimed warm-up pass of each loop first). */
    public static Result run(int barsPerPass, int passes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] o = new double[barsPerPass];
        double[] h = new double[barsPerPass];
        double[] l = new double[barsPerPass];
        double[] c = new double[barsPerPass];
        double[] v = new double[barsPerPass];
        double[] p = new double[barsPerPass];
        double price = 1000;
        double z = 0;
        for (int i = 0; i < barsPerPass; i++) {
            o[i] = price;
            double close = price * Math.exp((rnd.nextDouble() - 0.5) * 0.004);
            h[i] = Math.max(price, close) * (1 + rnd.nextDouble() * 0.001);
            l[i] = Math.min(price, close) * (1 - rnd.nextDouble() * 0.001);
            c[i] = close;
            v[i] = 5 + rnd.nextDouble() * 20;
            price = close;
        }
        // a persistent score (AR(1)) so positions last a while, as a real model's do
        for (int i = 0; i < barsPerPass; i++) {
            z = 0.999 * z + 0.1 * (rnd.nextDouble() - 0.5);
            p[i] = 0.5 + 0.45 * Math.tanh(z);
        }
        engine(o, h, l, c, v, p, 1); // warm-up
        loop(c, 1);
        long t0 = System.nanoTime();
        long[] fills = engine(o, h, l, c, v, p, passes);
        long t1 = System.nanoTime();
        double sum = loop(c, passes);
        long t2 = System.nanoTime();
        long bars = (long) barsPerPass * passes;
        return new Result(
                bars,
                bars / ((t1 - t0) / 1e9),
                bars / ((t2 - t1) / 1e9),
                fills[0],
                fills[1],
                Double.longBitsToDouble(fills[2]),
                sum);
    }

    private static long[] engine(
            double[] o, double[] h, double[] l, double[] c, double[] v, double[] p, int passes) {
        KernelConfig cfg =
                new KernelConfig(
                        "bench",
                        "BENCH/USD",
                        60_000,
                        10_000,
                        TradingMode.LONG_SHORT,
                        Sizing.fixed(0.5),
                        new OrderPolicy(
                                dev.algotrader.schema.OrderType.MARKET, 0, 1, 0.02, 0.03, 0),
                        new BarRangeFillModel(2, 50, 1.0),
                        new FeeModel.Bps(10, 20),
                        RiskLimits.none(),
                        () -> new ModelThresholdStrategy(0.7, 0.5, 0.3, 0.5),
                        "1");
        SimulationClock clock = new SimulationClock();
        long fills = 0;
        long orders = 0;
        double equity = 0;
        long ts = 1_704_067_200_000L;
        for (int pass = 0; pass < passes; pass++) {
            // one fresh run per pass: no strategy survives 10M bars of costs without an edge
            TradingKernel k = new TradingKernel(cfg, clock);
            for (int i = 0; i < c.length; i++) {
                Bar b = new Bar("BENCH/USD", "1m", ts, o[i], h[i], l[i], c[i], v[i]);
                clock.set(ts + 60_000);
                StepResult r = k.onBar(b, OptionalDouble.of(p[i]), false);
                fills += r.fills().size();
                equity = r.equity().equity();
                ts += 60_000;
            }
            orders += k.state().ordersEmitted();
        }
        return new long[] {fills, orders, Double.doubleToLongBits(equity)};
    }

    private static double loop(double[] c, int passes) {
        double sum = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (int i = 1; i < c.length; i++) sum += c[i] / c[i - 1] - 1;
        }
        return sum;
    }

    /** {@code EngineBench [barsPerPass] [passes]}: prints one line (defaults 1,000,000 × 10). */
    public static void main(String[] args) {
        int per = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(run(per, passes, 42).line()); // a bench entry point, like the CLI
    }
}
