package dev.algotrader.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sweep's {@link SeriesBacktest} against the full {@link Backtester} on the same bars: the same
 * metrics (every field, bit for bit: records compare doubles by their bits), the same order list
 * hash and the same order and fill counts, on the real sample and on seeded synthetic bars with
 * gaps and volume-free bars, for market, limit and bracketed configurations.
 */
class SeriesBacktestParityTest {

    private static final List<String> CONFIGS =
            List.of(
                    "strategy = sma-cross",
                    "strategy = sma-cross, strategies.sma-cross { fast = 3, slow = 50 }",
                    "strategy = rsi-reversion",
                    "strategy = sma-cross, mode = long-short, orders.stop-loss = 0.01,"
                            + " orders.take-profit = 0.02, orders.entry-type = limit",
                    "strategy = rsi-reversion, mode = long-short, orders.stop-loss = 0.01,"
                            + " orders.take-profit = 0.02, orders.entry-type = stop,"
                            + " sizing.method = vol-target");

    @Test
    void theRealSampleGivesTheBacktestersFiguresBitForBit() {
        for (String c : CONFIGS) assertParity(c, SampleData.btcMinuteBars(), "BTC/USD");
    }

    @Test
    void seededSyntheticBarsWithGapsAndVolumeFreeBarsGiveTheSameFiguresBitForBit() {
        for (long seed : new long[] {1, 7, 42}) {
            List<Bar> raw = SyntheticBars.generate("SYN/USD", "1m", 20_000, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Bar> bars = new ArrayList<>();
            for (Bar b : raw) {
                double u = rnd.nextDouble();
                if (u < 0.01) continue; // a gap
                if (u < 0.03) {
                    b =
                            new Bar(
                                    b.symbol(),
                                    b.interval(),
                                    b.ts(),
                                    b.open(),
                                    b.high(),
                                    b.low(),
                                    b.close(),
                                    0.0); // volume-free
                }
                bars.add(b);
            }
            for (String c : CONFIGS) assertParity(c, bars, "SYN/USD");
        }
    }

    private static void assertParity(String hocon, List<Bar> bars, String symbol) {
        BacktestConfig cfg =
                BacktestConfig.fromHocon("algotrader.backtest {" + hocon + "}")
                        .withSymbols(List.of(symbol));
        BacktestResult full = Backtester.run(cfg, "parity", bars, Predictions.none());
        SeriesBacktest.Prepared p =
                SeriesBacktest.prepare(
                        cfg,
                        symbol,
                        bars,
                        Strategies.factory(cfg.strategy(), cfg.strategyParams())
                                .get()
                                .indicators());
        SeriesBacktest.Summary lean = SeriesBacktest.run(cfg, "parity", p);
        assertThat(lean.metrics()).as(hocon).isEqualTo(full.metrics());
        assertThat(lean.orderListHash()).as(hocon).isEqualTo(full.orderListHash());
        assertThat(lean.orders()).as(hocon).isEqualTo(full.orders().size());
        assertThat(lean.fills()).as(hocon).isEqualTo(full.fills().size());
        assertThat(full.orders()).as(hocon).isNotEmpty();
    }
}
