package dev.algotrader.batch.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core sweep without Spark: every row is the core backtester's run of its cell (bit for bit),
 * ranked, and the thread count changes nothing.
 */
class BacktestSweepLocalTest {

    @Test
    void everyRowIsTheBacktestersRunOfItsCellWhateverTheThreadCount() {
        List<Bar> bars = SyntheticBars.generateMany(2, 3000, "1m", 11);
        BacktestConfig base = BacktestConfig.fromHocon("");
        List<SweepCell> cells =
                BacktestSweep.grid(
                        ConfigFactory.parseString(
                                "sma-cross { fast = [3, 10], slow = [20, 50] }\n"
                                        + "rsi-reversion { period = [7, 14], lower = [30],"
                                        + " upper = [70], exit = [50] }"),
                        base,
                        List.of("SYM000/USD", "SYM001/USD"));
        List<LeaderboardRow> one = BacktestSweep.runLocal(bars, base, cells, "sharpe", 1);
        List<LeaderboardRow> three = BacktestSweep.runLocal(bars, base, cells, "sharpe", 3);
        assertThat(three).isEqualTo(one);
        assertThat(one).hasSize(cells.size());
        for (int i = 0; i < one.size(); i++) assertThat(one.get(i).rank()).isEqualTo(i + 1);
        for (LeaderboardRow row : one) {
            SweepCell cell =
                    cells.stream()
                            .filter(
                                    c ->
                                            c.strategy().equals(row.strategy())
                                                    && c.paramsText().equals(row.params())
                                                    && c.symbol().equals(row.symbol()))
                            .findFirst()
                            .orElseThrow();
            List<Bar> own = bars.stream().filter(b -> b.symbol().equals(row.symbol())).toList();
            assertThat(row.withRank(0)).isEqualTo(BacktestSweep.runCell(base, cell, own));
        }
    }

    @Test
    void aCellOfASymbolWithoutBarsIsAClearError() {
        BacktestConfig base = BacktestConfig.fromHocon("");
        assertThatThrownBy(
                        () ->
                                BacktestSweep.runLocal(
                                        SyntheticBars.generate("A/USD", "1m", 100, 1),
                                        base,
                                        List.of(
                                                new SweepCell(
                                                        "sma-cross",
                                                        base.strategyParams(),
                                                        "B/USD")),
                                        "sharpe",
                                        2))
                .hasMessageContaining("symbol 'B/USD' has no bars");
    }
}
