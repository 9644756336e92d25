package dev.algotrader.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.OrderType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel state's versioned binary snapshot: a restored kernel continues identically. */
class KernelStateSnapshotTest {

    private static KernelConfig.StrategyFactory strategy(String name) {
        return switch (name) {
            case "sma" -> () -> new SmaCrossStrategy(5, 20);
            case "rsi" -> () -> new RsiReversionStrategy(7, 30, 70, 50);
            default -> () -> new ModelThresholdStrategy(0.55, 0.5, 0.45, 0.5);
        };
    }

    private static KernelConfig cfg(String name) {
        KernelConfig base =
                KernelTestSupport.config(
                        strategy(name),
                        TradingMode.LONG_SHORT,
                        KernelTestSupport.policy(OrderType.LIMIT, 0.004, 0.006, 30_000),
                        new RiskLimits(1e12, 1e12, 1e12, 3, 600_000, 0.5, false, 120_000, true));
        return new KernelConfig(
                base.runId(),
                base.symbol(),
                base.intervalMillis(),
                base.initialCash(),
                base.mode(),
                new Sizing(Sizing.Method.VOL_TARGET, 0.5, 0.8, 10, 1.5),
                base.orders(),
                base.fillModel(),
                base.feeModel(),
                base.risk(),
                base.strategyFactory(),
                "3");
    }

    private static OptionalDouble score(int i) {
        return i % 11 == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(0.5 + 0.3 * Math.sin(i / 6.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sma", "rsi", "model"})
    void aRestoredKernelContinuesExactlyLikeTheOriginal(String name) {
        KernelConfig cfg = cfg(name);
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 900, 21);
        SimulationClock clock = new SimulationClock();
        TradingKernel a = new TradingKernel(cfg, clock);
        TradingKernel b = null;
        long orders = 0;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            clock.set(bar.closeTime());
            if (i % 150 == 75) {
                byte[] snap = a.state().snapshot();
                KernelState restored = KernelState.restore(snap, cfg.strategyFactory());
                assertThat(restored.snapshot()).isEqualTo(snap);
                b = TradingKernel.restore(cfg, restored, clock);
            }
            boolean gap = i % 97 == 0;
            StepResult x = a.onBar(bar, score(i), gap);
            if (b != null) assertThat(b.onBar(bar, score(i), gap)).isEqualTo(x);
            orders += x.orders().size();
        }
        assertThat(orders).as("the kernel should trade").isGreaterThan(5);
        assertThat(terms(b.state())).isEqualTo(terms(a.state()));
        assertThat(b.state().rejections()).isEqualTo(a.state().rejections());
    }

    private static List<String> terms(KernelState s) {
        return s.workingOrders().stream()
                .map(w -> w.order() + " " + w.kind() + " " + w.remaining())
                .toList();
    }

    @Test
    void badBytesGiveAClearError() {
        KernelConfig cfg = cfg("sma");
        byte[] snap = new TradingKernel(cfg, new SimulationClock()).state().snapshot();
        assertThatThrownBy(() -> KernelState.restore(new byte[] {1, 2}, cfg.strategyFactory()))
                .hasMessageContaining("too short");
        byte[] other = snap.clone();
        other[0] = 0;
        assertThatThrownBy(() -> KernelState.restore(other, cfg.strategyFactory()))
                .hasMessageContaining("bad header");
        byte[] newer = snap.clone();
        ByteBuffer.wrap(newer).putShort(4, (short) 99);
        assertThatThrownBy(() -> KernelState.restore(newer, cfg.strategyFactory()))
                .hasMessageContaining("version 99 is not supported");
        assertThatThrownBy(() -> KernelState.restore(snap, strategy("rsi")))
                .hasMessageContaining("kernel state of strategy sma-cross cannot drive");
        byte[] longer = Arrays.copyOf(snap, snap.length + 1);
        assertThatThrownBy(() -> KernelState.restore(longer, cfg.strategyFactory()))
                .hasMessageContaining("trailing bytes");
        byte[] shorter = Arrays.copyOf(snap, snap.length - 3);
        assertThatThrownBy(() -> KernelState.restore(shorter, cfg.strategyFactory()))
                .hasMessageContaining("truncated");
    }
}
