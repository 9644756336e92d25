package dev.algotrader.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.fixtures.SeededCases;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of the kernel over many seeded random configurations and bar paths. */
class TradingKernelPropertiesTest {

    record Run(List<StepResult> steps, List<Order> orders, List<Fill> fills) {}

    private static KernelConfig randomConfig(SplittableRandom rnd) {
        KernelConfig.StrategyFactory strategy =
                switch (rnd.nextInt(3)) {
                    case 0 -> () -> new SmaCrossStrategy(3, 8);
                    case 1 -> () -> new RsiReversionStrategy(6, 35, 65, 50);
                    default -> () -> new ModelThresholdStrategy(0.6, 0.5, 0.4, 0.5);
                };
        OrderType type = OrderType.values()[rnd.nextInt(3)];
        double sl = rnd.nextBoolean() ? 0.002 + rnd.nextDouble() * 0.01 : 0;
        double tp = rnd.nextBoolean() ? 0.002 + rnd.nextDouble() * 0.01 : 0;
        long latency = new long[] {0, 15_000, 60_000, 90_000, 150_000}[rnd.nextInt(5)];
        TradingMode mode = rnd.nextBoolean() ? TradingMode.LONG_ONLY : TradingMode.LONG_SHORT;
        return KernelTestSupport.config(
                strategy, mode, KernelTestSupport.policy(type, sl, tp, latency), RiskLimits.none());
    }

    private static List<Double> scores(SplittableRandom rnd, int n) {
        List<Double> p = new ArrayList<>(n);
        for (int i = 0; i < n; i++) p.add(rnd.nextInt(10) == 0 ? null : rnd.nextDouble());
        return p;
    }

    private static Run run(KernelConfig cfg, List<Bar> bars, List<Double> p) {
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg, clock);
        List<StepResult> steps = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        List<Fill> fills = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            clock.set(bars.get(i).closeTime());
            StepResult r = k.onBar(bars.get(i), KernelTestSupport.score(p, i), false);
            steps.add(r);
            orders.addAll(r.orders());
            fills.addAll(r.fills());
        }
        return new Run(steps, orders, fills);
    }

    @Test
    void changingAnyBarAfterTChangesNoOrderOrFillAtOrBeforeT() {
        SeededCases.forAll(
                20261125L,
                60,
                rnd -> {
                    KernelConfig cfg = randomConfig(rnd);
                    List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 300, rnd.nextLong());
                    List<Double> p = scores(rnd, bars.size());
                    Run base = run(cfg, bars, p);
                    int t = 20 + rnd.nextInt(250);
                    List<Bar> changed = new ArrayList<>(bars);
                    List<Double> p2 = new ArrayList<>(p);
                    for (int i = t + 1; i < bars.size(); i++) {
                        changed.set(
                                i,
                                KernelTestSupport.withClose(
                                        bars.get(i), 0.9 + rnd.nextDouble() * 0.2));
                        p2.set(i, rnd.nextDouble());
                    }
                    Run other = run(cfg, changed, p2);
                    long cut = bars.get(t).closeTime();
                    assertThat(upTo(other.orders(), cut)).isEqualTo(upTo(base.orders(), cut));
                    assertThat(fillsBefore(other.fills(), cut))
                            .isEqualTo(fillsBefore(base.fills(), cut));
                    for (int i = 0; i <= t; i++) {
                        assertThat(other.steps().get(i).equity())
                                .isEqualTo(base.steps().get(i).equity());
                    }
                });
    }

    @Test
    void accountingHoldsAndFillsStayInsideTheirBar() {
        SeededCases.forAll(
                7L,
                60,
                rnd -> {
                    KernelConfig cfg = randomConfig(rnd);
                    List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 400, rnd.nextLong());
                    Run r = run(cfg, bars, scores(rnd, bars.size()));
                    for (StepResult s : r.steps()) {
                        Bar b = s.bar();
                        var eq = s.equity();
                        var pos = s.position();
                        assertThat(eq.cash() + eq.positionValue())
                                .isCloseTo(eq.equity(), within(1e-9 * Math.abs(eq.equity())));
                        assertThat(pos.quantity() * b.close())
                                .isCloseTo(eq.positionValue(), within(1e-9));
                        // equity = initial + realised + unrealised - fees
                        double fees = 0;
                        for (Fill f : r.fills()) if (f.ts() < b.closeTime()) fees += f.fee();
                        assertThat(10_000 + pos.realizedPnl() + pos.unrealizedPnl() - fees)
                                .isCloseTo(eq.equity(), within(1e-6));
                        if (cfg.mode() == TradingMode.LONG_ONLY) {
                            assertThat(pos.quantity()).isGreaterThanOrEqualTo(0.0);
                            assertThat(eq.cash()).isGreaterThanOrEqualTo(-1e-6);
                        }
                        for (Fill f : s.fills()) {
                            assertThat(f.price()).isBetween(b.low(), b.high());
                            assertThat(f.ts()).isBetween(b.ts(), b.closeTime() - 1);
                            assertThat(f.fee()).isGreaterThanOrEqualTo(0.0);
                            assertThat(f.slippageCost()).isGreaterThanOrEqualTo(0.0);
                            assertThat(f.quantity()).isLessThanOrEqualTo(0.5 * b.volume() + 1e-12);
                        }
                    }
                    // every fill reaches the market no earlier than its decision + latency
                    for (Fill f : r.fills()) {
                        Order o =
                                r.orders().stream()
                                        .filter(x -> x.clientOrderId().equals(f.clientOrderId()))
                                        .findFirst()
                                        .orElseThrow();
                        assertThat(f.ts())
                                .isGreaterThanOrEqualTo(o.decisionTs() + cfg.orders().latencyMs());
                    }
                });
    }

    @Test
    void aRestoredKernelContinuesExactlyLikeTheUninterruptedOne() {
        SeededCases.forAll(
                99L,
                20,
                rnd -> {
                    KernelConfig cfg = randomConfig(rnd);
                    List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 300, rnd.nextLong());
                    List<Double> p = scores(rnd, bars.size());
                    Run whole = run(cfg, bars, p);
                    int cut = 10 + rnd.nextInt(280);
                    SimulationClock clock = new SimulationClock();
                    TradingKernel k = new TradingKernel(cfg, clock);
                    for (int i = 0; i < cut; i++) {
                        clock.set(bars.get(i).closeTime());
                        k.onBar(bars.get(i), KernelTestSupport.score(p, i), false);
                    }
                    TradingKernel k2 = TradingKernel.restore(cfg, k.state().deepCopy(), clock);
                    for (int i = cut; i < bars.size(); i++) {
                        clock.set(bars.get(i).closeTime());
                        StepResult r = k2.onBar(bars.get(i), KernelTestSupport.score(p, i), false);
                        assertThat(r).isEqualTo(whole.steps().get(i));
                    }
                });
    }

    @Test
    void clientOrderIdsAreShortDeterministicAndDistinct() {
        String a = ClientOrderIds.of("rsi-reversion", "BTC/USD", 1385337660000L, "7", "en");
        assertThat(a)
                .hasSizeLessThanOrEqualTo(ClientOrderIds.MAX_LENGTH)
                .startsWith("rsi-reversion".substring(0, 12));
        assertThat(ClientOrderIds.of("rsi-reversion", "BTC/USD", 1385337660000L, "7", "en"))
                .isEqualTo(a);
        assertThat(ClientOrderIds.of("rsi-reversion", "BTC/USD", 1385337660000L, "8", "en"))
                .isNotEqualTo(a);
        assertThat(ClientOrderIds.of("rsi-reversion", "BTC/USD", 1385337660000L, "7", "sl"))
                .isNotEqualTo(a);
        assertThat(
                        ClientOrderIds.of(
                                "a-very-long-strategy-name-indeed",
                                "SOME-VERY-LONG-SYMBOL/USDT",
                                Long.MAX_VALUE,
                                "v123456789",
                                "tp"))
                .hasSizeLessThanOrEqualTo(48);
    }

    private static List<Order> upTo(List<Order> orders, long cut) {
        return orders.stream().filter(o -> o.decisionTs() <= cut).toList();
    }

    private static List<Fill> fillsBefore(List<Fill> fills, long cut) {
        return fills.stream().filter(f -> f.ts() < cut).toList();
    }
}
