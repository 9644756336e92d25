package dev.algotrader.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bars without volume (CoinGecko OHLC candles, FX-style series) fill at the modelled price with no
 * participation cap, or up to the configured notional cap; they used to fill nothing, silently.
 */
class VolumeFreeBarsTest {

    private static final Bar ZERO = new Bar("BTC/USD", "1m", 60_000, 100, 104, 98, 102, 0);

    private static WorkingOrder market(double qty) {
        Order o = new Order("r", "c1", "BTC/USD", 0, Side.BUY, OrderType.MARKET, qty, 0, 0, "test");
        return new WorkingOrder(o, WorkingOrder.Kind.DECISION, 0, Long.MAX_VALUE);
    }

    @Test
    void aZeroVolumeBarFillsTheWholeOrderAtTheModelledPrice() {
        var model = new BarRangeFillModel(2, 50, 0.10);
        var e = model.fill(market(5), ZERO, ZERO.ts() + 60_000, 5);
        assertThat(e).isNotNull();
        assertThat(e.quantity()).isEqualTo(5);
        assertThat(e.basePrice()).isEqualTo(100);
        // slippage only: no participation, so no impact
        assertThat(e.price()).isEqualTo(100 * (1 + 2 / 10_000.0));
        assertThat(BarRangeFillModel.volumeFree(ZERO)).isTrue();
    }

    @Test
    void theNotionalCapLimitsAFillOnAVolumeFreeBar() {
        var model = new BarRangeFillModel(2, 50, 0.10, 250);
        var e = model.fill(market(5), ZERO, ZERO.ts() + 60_000, 5);
        assertThat(e.quantity()).isEqualTo(2.5);
        assertThatThrownBy(() -> new BarRangeFillModel(2, 50, 0.1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBarWithVolumeKeepsTheParticipationCap() {
        var model = new BarRangeFillModel(2, 50, 0.10, 250);
        Bar traded = new Bar("BTC/USD", "1m", 60_000, 100, 104, 98, 102, 10);
        var e = model.fill(market(5), traded, traded.ts() + 60_000, 5);
        assertThat(e.quantity()).isEqualTo(1.0);
        assertThat(BarRangeFillModel.volumeFree(traded)).isFalse();
    }

    @Test
    void aBacktestOnAZeroVolumeSeriesTrades() {
        List<Bar> bars =
                SyntheticBars.generateMany(1, 600, "1m", 7L).stream()
                        .map(
                                b ->
                                        new Bar(
                                                b.symbol(),
                                                b.interval(),
                                                b.ts(),
                                                b.open(),
                                                b.high(),
                                                b.low(),
                                                b.close(),
                                                0))
                        .toList();
        BacktestConfig cfg =
                BacktestConfig.fromHocon(
                        "algotrader.backtest { strategy = sma-cross,"
                                + " strategies.sma-cross { fast = 3, slow = 9 } }");
        BacktestResult r = Backtester.run(cfg, "zero-volume", bars, Predictions.none());
        assertThat(r.orders()).isNotEmpty();
        assertThat(r.fills()).as("orders on bars without volume fill").isNotEmpty();
    }
}
