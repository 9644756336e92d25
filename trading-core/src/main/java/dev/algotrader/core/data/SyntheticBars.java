package dev.algotrader.core.data;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic bars for the benchmark: the same generator as the trading-core test fixture
 * {@code dev.algotrader.fixtures.SyntheticBars} (a test checks they agree), available at runtime.
 */
public final class SyntheticBars {

    /** 2024-01-01T00:00:00Z. */
    public static final long START = 1_704_067_200_000L;

    private SyntheticBars() {}

    /** {@code count} consecutive bars of one symbol. */
    public static List<Bar> generate(String symbol, String interval, int count, long seed) {
        long step = BarInterval.parse(interval).millis();
        SplittableRandom rnd = new SplittableRandom(seed ^ symbol.hashCode());
        List<Bar> out = new ArrayList<>(count);
        double price = 100 + rnd.nextDouble() * 1000;
        for (int i = 0; i < count; i++) {
            double open = price;
            double ret = gaussian(rnd) * 0.002;
            double close = open * Math.exp(ret);
            double hi = Math.max(open, close) * (1 + Math.abs(gaussian(rnd)) * 0.001);
            double lo = Math.min(open, close) * (1 - Math.abs(gaussian(rnd)) * 0.001);
            double vol = Math.exp(gaussian(rnd) * 0.5) * 10;
            out.add(new Bar(symbol, interval, START + i * step, open, hi, lo, close, vol));
            price = close;
        }
        return out;
    }

    /** {@code symbols} symbols named {@code SYM000/USD}, … each with {@code perSymbol} bars. */
    public static List<Bar> generateMany(int symbols, int perSymbol, String interval, long seed) {
        List<Bar> out = new ArrayList<>(symbols * perSymbol);
        for (int s = 0; s < symbols; s++) {
            out.addAll(generate(String.format("SYM%03d/USD", s), interval, perSymbol, seed + s));
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
