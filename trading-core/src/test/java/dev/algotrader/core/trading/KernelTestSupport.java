package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.OrderType;
import java.util.List;
import java.util.OptionalDouble;

/** Small builders for kernel tests. */
final class KernelTestSupport {

    static final long MIN = 60_000L;

    private KernelTestSupport() {}

    static KernelConfig config(
            KernelConfig.StrategyFactory strategy,
            TradingMode mode,
            OrderPolicy orders,
            RiskLimits risk) {
        return new KernelConfig(
                "t",
                "BTC/USD",
                MIN,
                10_000,
                mode,
                Sizing.fixed(0.9),
                orders,
                new BarRangeFillModel(2, 50, 0.5),
                new FeeModel.Bps(10, 20),
                risk,
                strategy,
                "");
    }

    static OrderPolicy policy(OrderType type, double sl, double tp, long latencyMs) {
        return new OrderPolicy(type, 5, 5, sl, tp, latencyMs);
    }

    /** Scores of a seeded coin that sometimes stays silent. */
    static OptionalDouble score(List<Double> p, int i) {
        Double v = p.get(i);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    static Bar withClose(Bar b, double factor) {
        double o = b.open() * factor;
        double c = b.close() * factor;
        return new Bar(
                b.symbol(),
                b.interval(),
                b.ts(),
                o,
                Math.max(b.high() * factor, Math.max(o, c)),
                Math.min(b.low() * factor, Math.min(o, c)),
                c,
                b.volume());
    }
}
