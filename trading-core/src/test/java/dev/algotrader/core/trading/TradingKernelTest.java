package dev.algotrader.core.trading;

import static dev.algotrader.core.trading.KernelTestSupport.MIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Time rules, protective orders and risk rules of the kernel on hand-made bars. */
class TradingKernelTest {

    private static final long T0 = SyntheticBars.START;
    private static final KernelConfig.StrategyFactory MODEL =
            () -> new ModelThresholdStrategy(0.6, 0.5, 0.4, 0.5);

    private static Bar bar(int i, double o, double h, double l, double c) {
        return new Bar("BTC/USD", "1m", T0 + i * MIN, o, h, l, c, 1000);
    }

    private static KernelConfig cfg(OrderPolicy orders, RiskLimits risk) {
        return KernelTestSupport.config(MODEL, TradingMode.LONG_ONLY, orders, risk);
    }

    /** Runs flat bars at 100 with a buy signal on bar 0; returns the step results. */
    private static List<StepResult> buyOnFirstBar(KernelConfig cfg, int bars) {
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg, clock);
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < bars; i++) {
            Bar b = bar(i, 100, 100.5, 99.5, 100);
            clock.set(b.closeTime());
            out.add(k.onBar(b, OptionalDouble.of(i == 0 ? 0.9 : 0.55), false));
        }
        return out;
    }

    private static List<Fill> fills(List<StepResult> steps) {
        List<Fill> f = new ArrayList<>();
        steps.forEach(s -> f.addAll(s.fills()));
        return f;
    }

    @Test
    void withoutLatencyTheDecisionFillsAtTheNextBarsOpen() {
        List<StepResult> s = buyOnFirstBar(cfg(OrderPolicy.market(), RiskLimits.none()), 4);
        Order o = s.get(0).orders().get(0);
        assertThat(o.decisionTs()).isEqualTo(T0 + MIN);
        assertThat(o.side()).isEqualTo(Side.BUY);
        assertThat(s.get(0).fills()).isEmpty();
        Fill f = s.get(1).fills().get(0);
        assertThat(f.ts()).isEqualTo(T0 + MIN);
        assertThat(f.price()).isGreaterThanOrEqualTo(100.0).isLessThanOrEqualTo(100.5);
    }

    @Test
    void latencyLongerThanABarMovesTheFillLater() {
        OrderPolicy slow = new OrderPolicy(OrderType.MARKET, 0, 1, 0, 0, 90_000);
        List<StepResult> s = buyOnFirstBar(cfg(slow, RiskLimits.none()), 5);
        assertThat(s.get(1).fills()).isEmpty();
        Fill f = s.get(2).fills().get(0);
        // decided at T0+1m, reaches the market at T0+2.5m: inside bar 2, after its open
        assertThat(f.ts()).isEqualTo(T0 + MIN + 90_000);
        OrderPolicy slower = new OrderPolicy(OrderType.MARKET, 0, 1, 0, 0, 150_000);
        List<StepResult> s2 = buyOnFirstBar(cfg(slower, RiskLimits.none()), 5);
        assertThat(s2.get(2).fills()).isEmpty();
        assertThat(s2.get(3).fills().get(0).ts()).isEqualTo(T0 + MIN + 150_000);
    }

    @Test
    void whenStopAndTargetBothTriggerInOneBarTheStopIsAssumedFirst() {
        OrderPolicy p = KernelTestSupport.policy(OrderType.MARKET, 0.01, 0.01, 0);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(p, RiskLimits.none()), clock);
        List<StepResult> s = new ArrayList<>();
        Bar[] bars = {
            bar(0, 100, 100, 100, 100),
            bar(1, 100, 100.2, 99.9, 100), // entry fills at the open
            bar(2, 100, 103, 97, 100), // both 99 and 101 inside the range
            bar(3, 100, 100, 100, 100)
        };
        for (int i = 0; i < bars.length; i++) {
            clock.set(bars[i].closeTime());
            s.add(k.onBar(bars[i], OptionalDouble.of(i == 0 ? 0.9 : 0.55), false));
        }
        double entry = s.get(1).fills().get(0).price();
        List<Order> protective = s.get(1).orders();
        assertThat(protective)
                .extracting(Order::type)
                .containsExactly(OrderType.STOP, OrderType.LIMIT);
        Fill exit = s.get(2).fills().get(0);
        assertThat(exit.side()).isEqualTo(Side.SELL);
        assertThat(exit.price()).isLessThanOrEqualTo(entry * 0.99);
        assertThat(s.get(2).closedTrades().get(0).exitReason()).isEqualTo("stop-loss");
        assertThat(s.get(2).cancelled()).extracting(Order::type).containsExactly(OrderType.LIMIT);
        assertThat(s.get(2).position().quantity()).isZero();
    }

    @Test
    void partialFillsRespectTheParticipationCapAndAVolumeFreeBarFillsTheRest() {
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(OrderPolicy.market(), RiskLimits.none()), clock);
        clock.set(T0 + MIN);
        k.onBar(
                new Bar("BTC/USD", "1m", T0, 100, 100, 100, 100, 100),
                OptionalDouble.of(0.9),
                false);
        // wants 90 units; bar 1 has 40 (cap 0.5 -> 20), bar 2 has no volume (volume-free: no
        // participation cap, issue 16; it used to fill nothing) and fills the rest
        Bar b1 = new Bar("BTC/USD", "1m", T0 + MIN, 100, 100, 100, 100, 40);
        Bar b2 = new Bar("BTC/USD", "1m", T0 + 2 * MIN, 100, 100, 100, 100, 0);
        clock.set(b1.closeTime());
        assertThat(k.onBar(b1, OptionalDouble.empty(), false).fills().get(0).quantity())
                .isEqualTo(20.0);
        clock.set(b2.closeTime());
        StepResult r3 = k.onBar(b2, OptionalDouble.empty(), false);
        assertThat(r3.fills()).hasSize(1);
        assertThat(r3.position().quantity()).isLessThanOrEqualTo(90.0).isGreaterThan(89.0);
    }

    /**
     * An entry filled in three parts gets one stop-loss / take-profit pair: created at the first
     * partial fill, amended (same ids, the full position, prices from the new average) on the later
     * ones, and cancelled when the position closes.
     */
    @Test
    void oneProtectivePairFollowsAPositionBuiltFromPartialFills() {
        OrderPolicy p = KernelTestSupport.policy(OrderType.MARKET, 0.05, 0.05, 0);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(p, RiskLimits.none()), clock);
        List<StepResult> s = new ArrayList<>();
        // wants 90 units at 100; volume 40 -> 20 per bar (cap 0.5): fills in bars 1..5
        double[] opens = {100, 100, 101, 102, 102, 102, 102, 102};
        for (int i = 0; i < opens.length; i++) {
            double o = opens[i];
            Bar b = new Bar("BTC/USD", "1m", T0 + i * MIN, o, o, o, o, i == 0 || i > 5 ? 1000 : 40);
            clock.set(b.closeTime());
            double score = i == 0 ? 0.9 : i == 6 ? 0.1 : 0.55; // exit decided at bar 6's close
            s.add(k.onBar(b, OptionalDouble.of(score), false));
        }
        List<Order> protective = new ArrayList<>();
        List<Order> amended = new ArrayList<>();
        for (StepResult r : s) {
            r.orders().stream()
                    .filter(o -> !o.clientOrderId().contains("-en-"))
                    .forEach(protective::add);
            amended.addAll(r.amended());
        }
        assertThat(protective)
                .extracting(Order::type)
                .containsExactly(OrderType.STOP, OrderType.LIMIT);
        assertThat(s.get(1).orders()).hasSize(2); // the pair goes live after the first part
        double firstQty = protective.get(0).quantity();
        assertThat(firstQty).isCloseTo(s.get(1).position().quantity(), within(1e-9));

        // each later part resizes the pair: same ids, the current position, the current average
        int parts = 0;
        for (int i = 2; i < 6; i++) {
            StepResult r = s.get(i);
            if (r.fills().isEmpty()) continue;
            parts++;
            assertThat(r.orders()).isEmpty();
            assertThat(r.cancelled()).isEmpty();
            assertThat(r.amended())
                    .extracting(Order::clientOrderId)
                    .containsExactly(
                            protective.get(0).clientOrderId(), protective.get(1).clientOrderId());
            double pos = r.position().quantity();
            double avg = r.position().avgPrice();
            Order sl = r.amended().get(0);
            Order tp = r.amended().get(1);
            assertThat(sl.quantity()).isCloseTo(pos, within(1e-9));
            assertThat(tp.quantity()).isCloseTo(pos, within(1e-9));
            assertThat(sl.stopPrice()).isCloseTo(avg * 0.95, within(1e-9));
            assertThat(tp.limitPrice()).isCloseTo(avg * 1.05, within(1e-9));
            assertThat(sl.decisionTs()).isEqualTo(protective.get(0).decisionTs());
        }
        assertThat(parts).as("the entry really filled in several parts").isGreaterThanOrEqualTo(2);
        assertThat(s.get(5).position().quantity()).isGreaterThan(89.0);
        // the exit at bar 7 closes the position and cancels the pair
        assertThat(s.get(7).position().quantity()).isZero();
        assertThat(s.get(7).cancelled())
                .extracting(Order::clientOrderId)
                .containsExactlyInAnyOrder(
                        protective.get(0).clientOrderId(), protective.get(1).clientOrderId());
        assertThat(k.state().workingOrders()).isEmpty();
    }

    /** A stop-out while the entry is still partly working cancels the rest of the entry. */
    @Test
    void aStopOutCancelsTheRestOfAWorkingEntry() {
        OrderPolicy p = KernelTestSupport.policy(OrderType.MARKET, 0.01, 0, 0);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(p, RiskLimits.none()), clock);
        List<StepResult> s = new ArrayList<>();
        Bar[] bars = {
            new Bar("BTC/USD", "1m", T0, 100, 100, 100, 100, 1000),
            new Bar("BTC/USD", "1m", T0 + MIN, 100, 100, 100, 100, 40), // 20 of 90 fill
            new Bar("BTC/USD", "1m", T0 + 2 * MIN, 99, 99, 95, 95, 40), // entry part + stop part
            new Bar("BTC/USD", "1m", T0 + 3 * MIN, 95, 95, 95, 95, 2000), // the stop completes
            new Bar("BTC/USD", "1m", T0 + 4 * MIN, 95, 95, 95, 95, 2000)
        };
        for (int i = 0; i < bars.length; i++) {
            clock.set(bars[i].closeTime());
            s.add(k.onBar(bars[i], OptionalDouble.of(i == 0 ? 0.9 : 0.55), false));
        }
        String entry = s.get(0).orders().get(0).clientOrderId();
        // bar 2: a part of the entry fills at the open, the stop (resized to the whole position
        // at once) triggers inside the bar, and the rest of the entry is cancelled
        assertThat(s.get(2).fills()).extracting(Fill::side).containsExactly(Side.BUY, Side.SELL);
        assertThat(s.get(2).cancelled()).extracting(Order::clientOrderId).contains(entry);
        assertThat(s.get(2).amended()).hasSize(1);
        assertThat(s.get(3).closedTrades())
                .singleElement()
                .extracting(Trade::exitReason)
                .isEqualTo("stop-loss");
        assertThat(s.get(3).position().quantity()).isZero();
        assertThat(s.get(4).fills()).as("no re-entry after the stop").isEmpty();
        assertThat(s.get(4).position().quantity()).isZero();
        assertThat(k.state().workingOrders())
                .noneMatch(w -> w.order().clientOrderId().equals(entry));
    }

    @Test
    void riskRulesBlockOrdersWithAReason() {
        RiskLimits kill = new RiskLimits(1e9, 1e9, 1e9, 100, 3_600_000, 0.5, true, 300_000, true);
        assertThat(buyOnFirstBar(cfg(OrderPolicy.market(), kill), 2).get(0).rejections())
                .singleElement()
                .asString()
                .startsWith("kill-switch");

        RiskLimits strict =
                new RiskLimits(1e9, 1e9, 1e9, 100, 3_600_000, 0.5, false, 300_000, true);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(OrderPolicy.market(), strict), clock);
        Bar b = bar(0, 100, 100, 100, 100);
        clock.set(b.closeTime());
        assertThat(k.onBar(b, OptionalDouble.of(0.9), true).rejections())
                .singleElement()
                .asString()
                .startsWith("stale-data: gap");
        Bar late = bar(1, 100, 100, 100, 100);
        clock.set(late.closeTime() + 301_000);
        assertThat(k.onBar(late, OptionalDouble.of(0.9), false).rejections())
                .singleElement()
                .asString()
                .startsWith("stale-data: bar closed");
        Bar fresh = bar(2, 100, 100, 100, 100);
        clock.set(fresh.closeTime());
        StepResult ok = k.onBar(fresh, OptionalDouble.of(0.9), false);
        assertThat(ok.rejections()).isEmpty();
        assertThat(ok.orders()).hasSize(1);
    }

    @Test
    void orderSizeIsClippedToTheNotionalCaps() {
        RiskLimits caps =
                new RiskLimits(1e9, 5_000, 1_000, 100, 3_600_000, 0.5, false, 300_000, false);
        Order o = buyOnFirstBar(cfg(OrderPolicy.market(), caps), 1).get(0).orders().get(0);
        assertThat(o.quantity() * 100)
                .isEqualTo(1_000.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void drawdownBreakerHaltsNewEntriesButAllowsExits() {
        RiskLimits dd =
                new RiskLimits(1e9, 1e9, 1e9, 100, 3_600_000, 0.05, false, Long.MAX_VALUE, false);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(OrderPolicy.market(), dd), clock);
        double[] closes = {100, 100, 80, 80, 80, 80};
        double[] p = {0.9, 0.55, 0.55, 0.1, 0.9, 0.9};
        List<StepResult> s = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            double o = i == 0 ? 100 : closes[i - 1];
            Bar b = bar(i, o, Math.max(o, closes[i]), Math.min(o, closes[i]), closes[i]);
            clock.set(b.closeTime());
            s.add(k.onBar(b, OptionalDouble.of(p[i]), false));
        }
        assertThat(k.state().halted()).isTrue();
        assertThat(s.get(3).orders()).extracting(Order::side).containsExactly(Side.SELL);
        assertThat(s.get(4).rejections()).singleElement().asString().startsWith("drawdown-halt");
    }

    @Test
    void anUnfilledLimitEntryExpiresAndTheStrategySeesItIsStillFlat() {
        OrderPolicy farLimit = new OrderPolicy(OrderType.LIMIT, 500, 3, 0, 0, 0);
        SimulationClock clock = new SimulationClock();
        TradingKernel k = new TradingKernel(cfg(farLimit, RiskLimits.none()), clock);
        List<StepResult> s = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Bar b = bar(i, 100, 100.5, 99.5, 100);
            clock.set(b.closeTime());
            s.add(k.onBar(b, OptionalDouble.of(0.9), false));
        }
        Order first = s.get(0).orders().get(0);
        assertThat(first.type()).isEqualTo(OrderType.LIMIT);
        assertThat(first.limitPrice())
                .isEqualTo(95.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.get(1).fills()).isEmpty();
        // live for 3 bars after its decision, cancelled at the close of bar 3, re-entered there
        assertThat(s.get(3).cancelled()).containsExactly(first);
        assertThat(s.get(3).orders())
                .singleElement()
                .extracting(Order::type)
                .isEqualTo(OrderType.LIMIT);
        assertThat(s.get(3).position().quantity()).isZero();
    }

    @Test
    void rejectsInvalidOrOutOfOrderBars() {
        TradingKernel k =
                new TradingKernel(
                        cfg(OrderPolicy.market(), RiskLimits.none()), new SimulationClock());
        k.onBar(bar(1, 100, 100, 100, 100), OptionalDouble.empty(), false);
        assertThatThrownBy(() -> k.onBar(bar(0, 100, 100, 100, 100), OptionalDouble.empty(), false))
                .hasMessageContaining("time order");
        assertThatThrownBy(() -> k.onBar(bar(2, 100, 99, 101, 100), OptionalDouble.empty(), false))
                .hasMessageContaining("invalid");
    }
}
