package dev.algotrader.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.OrderType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding of conf/defaults/backtest.conf and the clear errors for bad input. */
class BacktestConfigTest {

    private static BacktestConfig cfg(String hocon) {
        return BacktestConfig.fromHocon("algotrader.backtest {" + hocon + "}");
    }

    @Test
    void bindsThePackagedDefaults() {
        BacktestConfig c = BacktestConfig.from(AppConfig.defaults().raw());
        assertThat(c.strategy()).isEqualTo("sma-cross");
        assertThat(c.strategyParams()).containsEntry("fast", 10.0).containsEntry("slow", 30.0);
        assertThat(c.mode()).isEqualTo(TradingMode.LONG_ONLY);
        assertThat(c.orders().entryType()).isEqualTo(OrderType.MARKET);
        assertThat(c.risk().orderWindowMs()).isEqualTo(3_600_000L);
        assertThat(c.risk().staleAfterMs()).isEqualTo(300_000L);
        assertThat(c.from()).isNull();
    }

    @Test
    void commandLineFlagsOverrideTheConfiguration() {
        BacktestConfig c =
                BacktestConfig.from(
                        AppConfig.defaults().raw(),
                        java.util.Map.of(
                                "strategy", "rsi-reversion",
                                "from", "2013-11-26",
                                "to", "2013-11-28T12:00:00Z",
                                "symbols", "BTC/USD, ETH/USD"));
        assertThat(c.strategy()).isEqualTo("rsi-reversion");
        assertThat(c.strategyParams()).containsEntry("period", 14.0);
        assertThat(c.from()).hasToString("2013-11-26T00:00:00Z");
        assertThat(c.to()).hasToString("2013-11-28T12:00:00Z");
        assertThat(c.symbols()).containsExactly("BTC/USD", "ETH/USD");
        assertThatThrownBy(
                        () ->
                                BacktestConfig.from(
                                        AppConfig.defaults().raw(),
                                        java.util.Map.of("strategy", "nope")))
                .hasMessageContaining("'nope' is unknown");
    }

    @Test
    void unknownKeysAreNamed() {
        assertThatThrownBy(() -> cfg("strategies.sma-cross.fastt = 3"))
                .isInstanceOf(BacktestError.class)
                .hasMessageContaining("backtest.strategies.sma-cross.fastt")
                .hasMessageContaining("conf/defaults/backtest.conf");
        assertThatThrownBy(
                        () -> AppConfig.withOverrides("algotrader.backtest.fil.slippage-bps = 1"))
                .hasMessageContaining("algotrader.backtest.fil.slippage-bps");
    }

    @Test
    void impossibleValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> cfg("strategies.sma-cross { fast = 30, slow = 10 }"))
                .isInstanceOf(BacktestError.class)
                .hasMessageContaining("fast < slow");
        assertThatThrownBy(
                        () -> cfg("strategy = rsi-reversion, strategies.rsi-reversion.lower = 80"))
                .hasMessageContaining("lower < exit < upper");
        assertThatThrownBy(() -> cfg("initial-cash = -5"))
                .hasMessageContaining("initial-cash must be > 0");
        assertThatThrownBy(() -> cfg("fill.participation-cap = 1.5"))
                .hasMessageContaining("participation cap must be in (0, 1]");
        assertThatThrownBy(() -> cfg("sizing.fraction = 2"))
                .hasMessageContaining("sizing.fraction");
        assertThatThrownBy(() -> cfg("mode = sideways"))
                .hasMessageContaining("backtest.mode 'sideways' is unknown");
        assertThatThrownBy(() -> cfg("strategy = martingale"))
                .hasMessageContaining("unknown: use sma-cross, rsi-reversion or model");
        assertThatThrownBy(() -> cfg("risk.max-drawdown = 0"))
                .hasMessageContaining("risk.max-drawdown must be in (0, 1]");
        assertThatThrownBy(() -> cfg("latency-ms = \"soon\""))
                .isInstanceOf(BacktestError.class)
                .hasMessageContaining("latency-ms");
        assertThatThrownBy(() -> cfg("from = \"yesterday\"")).hasMessageContaining("is not a date");
        assertThatThrownBy(() -> cfg("from = \"2013-11-28\", to = \"2013-11-27\""))
                .hasMessageContaining("period is empty");
    }

    @Test
    void anEmptyPeriodOrAnUnknownSymbolIsAClearError() {
        List<Bar> bars = SampleData.btcMinuteBars();
        assertThatThrownBy(
                        () ->
                                Backtester.run(
                                        cfg("from = \"2020-01-01\", to = \"2020-02-01\""),
                                        "x",
                                        bars,
                                        Predictions.none()))
                .isInstanceOf(BacktestError.class)
                .hasMessageContaining("no BTC/USD bars between 2020-01-01T00:00:00Z")
                .hasMessageContaining("the data covers 2013-11-25T00:00:00Z");
        assertThatThrownBy(
                        () ->
                                Backtester.run(
                                        cfg("symbols = [\"ETH/USD\"]"),
                                        "x",
                                        bars,
                                        Predictions.none()))
                .hasMessageContaining("symbol 'ETH/USD' has no 1m bars: available are [BTC/USD]");
        assertThatThrownBy(() -> Backtester.run(cfg(""), "x", List.of(), Predictions.none()))
                .hasMessageContaining("no bars to backtest");
        assertThatThrownBy(
                        () ->
                                Backtester.run(
                                        cfg("strategy = model"), "x", bars, Predictions.none()))
                .hasMessageContaining("needs out-of-sample predictions");
    }

    @Test
    void aPeriodSelectsOnlyItsBarsAndSymbolsRunSideBySide() {
        List<Bar> many = new ArrayList<>(SyntheticBars.generateMany(3, 500, "1m", 11));
        BacktestResult r =
                Backtester.run(
                        cfg(
                                "symbols = [\"SYM000/USD\", \"SYM002/USD\"], from = \"2024-01-01T01:00:00Z\""),
                        "multi",
                        many,
                        Predictions.none());
        assertThat(r.symbols()).containsExactly("SYM000/USD", "SYM002/USD");
        assertThat(r.equity()).hasSize(500 - 60);
        assertThat(r.positions()).hasSize(2 * (500 - 60));
        assertThat(r.equity().get(0).ts()).isEqualTo(SyntheticBars.START + 61 * 60_000L);
        assertThat(r.metrics().initialEquity()).isEqualTo(10_000.0);
    }
}
