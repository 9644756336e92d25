package dev.algotrader.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.fixtures.SeededCases;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No look-ahead through the whole backtester (merge of symbols, gap flags, score lookup): changing
 * or dropping every bar and score after t changes no order, fill or equity point at or before t.
 */
class BacktesterNoLeakTest {

    @Test
    void theFutureDoesNotChangeThePast() {
        String[] strategies = {"sma-cross", "rsi-reversion", "model"};
        SeededCases.forAll(
                31L,
                30,
                rnd -> {
                    String strategy = strategies[rnd.nextInt(3)];
                    BacktestConfig cfg =
                            BacktestConfig.fromHocon(
                                    "algotrader.backtest { strategy = "
                                            + strategy
                                            + ", mode = "
                                            + (rnd.nextBoolean() ? "long-only" : "long-short")
                                            + ", latency-ms = "
                                            + rnd.nextInt(150_000)
                                            + ", strategies.sma-cross { fast = 3, slow = 9 }"
                                            + ", strategies.rsi-reversion.period = 5 }");
                    List<Bar> bars = SyntheticBars.generateMany(2, 400, "1m", rnd.nextLong());
                    Predictions p = Predictions.none();
                    for (Bar b : bars) p.put(b.symbol(), b.ts(), rnd.nextDouble());
                    long cut = SyntheticBars.START + (20 + rnd.nextInt(350)) * 60_000L;
                    List<Bar> changed = new ArrayList<>();
                    Predictions p2 = Predictions.none();
                    boolean drop = rnd.nextBoolean();
                    for (Bar b : bars) {
                        if (b.ts() < cut) {
                            changed.add(b);
                            p2.put(b.symbol(), b.ts(), p.at(b.symbol(), b.ts()).getAsDouble());
                        } else if (!drop) {
                            double f = 0.8 + rnd.nextDouble() * 0.4;
                            changed.add(
                                    new Bar(
                                            b.symbol(),
                                            b.interval(),
                                            b.ts(),
                                            b.open() * f,
                                            b.high() * f * 1.01,
                                            b.low() * f * 0.99,
                                            b.close() * f,
                                            b.volume() * 2));
                            p2.put(b.symbol(), b.ts(), rnd.nextDouble());
                        }
                    }
                    BacktestResult a = Backtester.run(cfg, "a", bars, p);
                    BacktestResult b = Backtester.run(cfg, "a", changed, p2);
                    // the last bar before the cut closes at `cut`: decisions up to then, fills
                    // before
                    assertThat(orders(b.orders(), cut)).isEqualTo(orders(a.orders(), cut));
                    assertThat(fills(b.fills(), cut)).isEqualTo(fills(a.fills(), cut));
                    assertThat(equity(b.equity(), cut)).isEqualTo(equity(a.equity(), cut));
                });
    }

    private static List<Order> orders(List<Order> l, long cut) {
        return l.stream().filter(o -> o.decisionTs() <= cut).toList();
    }

    private static List<Fill> fills(List<Fill> l, long cut) {
        return l.stream().filter(f -> f.ts() < cut).toList();
    }

    private static List<EquityPoint> equity(List<EquityPoint> l, long cut) {
        return l.stream().filter(e -> e.ts() <= cut).toList();
    }
}
