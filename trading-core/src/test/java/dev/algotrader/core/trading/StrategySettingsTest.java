package dev.algotrader.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.schema.OrderType;
import org.junit.jupiter.api.Test;

/** algotrader.strategy.* binding, and the old algotrader.backtest.* spelling still read. */
class StrategySettingsTest {

    @Test
    void theDefaultsMatchTheOldBacktestDefaults() {
        StrategySettings s = StrategySettings.from(AppConfig.defaults().raw());
        assertThat(s.mode()).isEqualTo(TradingMode.LONG_ONLY);
        assertThat(s.sizing())
                .isEqualTo(new Sizing(Sizing.Method.FIXED_FRACTION, 0.95, 0.6, 60, 1));
        assertThat(s.orders()).isEqualTo(new OrderPolicy(OrderType.MARKET, 5, 5, 0, 0, 0));
        assertThat(s.fillModel()).isEqualTo(new BarRangeFillModel(2, 50, 0.1));
        assertThat(s.feeModel()).isEqualTo(new FeeModel.Bps(10, 20));
        assertThat(s.risk().orderWindowMs()).isEqualTo(3_600_000L);
        assertThat(s.paramsOf("sma-cross")).containsEntry("fast", 10.0).containsEntry("slow", 30.0);
        assertThat(s.modelVersion()).isEmpty();
    }

    @Test
    void theNewKeysReachTheBacktestAndTheKernel() {
        AppConfig app =
                AppConfig.withOverrides(
                        "algotrader.strategy { mode = long-short, orders.latency-ms = 1500,"
                                + " risk.max-drawdown = 0.2, params.sma-cross.fast = 5,"
                                + " params.model.model-version = \"7\" }");
        BacktestConfig b = BacktestConfig.from(app.raw());
        assertThat(b.mode()).isEqualTo(TradingMode.LONG_SHORT);
        assertThat(b.latencyMs()).isEqualTo(1500);
        assertThat(b.orders().latencyMs()).isEqualTo(1500);
        assertThat(b.risk().maxDrawdown()).isEqualTo(0.2);
        assertThat(b.strategyParams()).containsEntry("fast", 5.0);
        KernelConfig k =
                StrategySettings.from(app.raw())
                        .kernelConfig(
                                "r",
                                "BTC/USD",
                                60_000,
                                100,
                                () -> new SmaCrossStrategy(5, 30),
                                "7");
        assertThat(k.risk().maxDrawdown()).isEqualTo(0.2);
        assertThat(k.mode()).isEqualTo(TradingMode.LONG_SHORT);
    }

    @Test
    void anOldKeyIsStillReadAndWinsOverTheNewOne() {
        AppConfig app =
                AppConfig.withOverrides(
                        "algotrader.strategy.risk.max-drawdown = 0.2\n"
                                + "algotrader.backtest.risk.max-drawdown = 0.3\n"
                                + "algotrader.backtest.latency-ms = 900\n"
                                + "algotrader.backtest.strategies.sma-cross.slow = 40");
        BacktestConfig b = BacktestConfig.from(app.raw());
        assertThat(b.risk().maxDrawdown()).isEqualTo(0.3);
        assertThat(b.latencyMs()).isEqualTo(900);
        assertThat(b.strategyParams()).containsEntry("slow", 40.0);
        assertThat(StrategySettings.from(app.raw()).risk().maxDrawdown()).isEqualTo(0.3);
    }

    @Test
    void unknownKeysStayErrorsInBothSpellings() {
        assertThatThrownBy(() -> AppConfig.withOverrides("algotrader.strategy.fill.slipage = 1"))
                .hasMessageContaining("algotrader.strategy.fill.slipage");
        assertThatThrownBy(() -> AppConfig.withOverrides("algotrader.backtest.fill.slipage = 1"))
                .hasMessageContaining("algotrader.backtest.fill.slipage");
        assertThatThrownBy(
                        () ->
                                StrategySettings.bind(
                                        ConfigFactory.parseString("fill.slipage-bps = 1"), null))
                .hasMessageContaining("unknown strategy key(s): strategy.fill.slipage-bps")
                .hasMessageContaining("conf/defaults/strategy.conf");
        assertThatThrownBy(
                        () ->
                                StrategySettings.bind(
                                        null, ConfigFactory.parseString("risk.max-dd = 1")))
                .hasMessageContaining("backtest.risk.max-dd");
    }

    @Test
    void aBadValueNamesTheKeyAsTheUserSpeltIt() {
        assertThatThrownBy(
                        () -> StrategySettings.bind(ConfigFactory.parseString("mode = up"), null))
                .hasMessageContaining("strategy.mode 'up' is unknown");
        assertThatThrownBy(
                        () -> StrategySettings.bind(null, ConfigFactory.parseString("mode = up")))
                .hasMessageContaining("backtest.mode 'up' is unknown");
    }
}
