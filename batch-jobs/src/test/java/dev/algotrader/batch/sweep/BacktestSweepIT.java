package dev.algotrader.batch.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestError;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark sweep on a local[2] session: same figures as the core backtester, ranked. */
class BacktestSweepIT {

    private static SparkSession spark;

    /** The JVM's one shared session: stopping it would break every later IT in this fork. */
    @BeforeAll
    static void start() {
        spark = dev.algotrader.batch.SharedSpark.get();
    }

    private static Config sweep(String hocon) {
        return ConfigFactory.parseString(hocon);
    }

    @Test
    void everyCellMatchesTheCoreBacktesterAndTheBoardIsRanked(@TempDir Path dir) throws Exception {
        List<Bar> bars = SyntheticBars.generateMany(2, 1500, "1m", 3);
        BacktestConfig base = BacktestConfig.fromHocon("");
        List<SweepCell> cells =
                BacktestSweep.grid(
                        sweep("sma-cross { fast = [5, 10, 40], slow = [20, 40] }"),
                        base,
                        List.of("SYM000/USD", "SYM001/USD"));
        // fast=40 with slow 20/40 is not a strategy and is skipped: 4 combinations
        assertThat(cells).hasSize(4 * 2);
        List<LeaderboardRow> board = BacktestSweep.run(spark, bars, base, cells, "sharpe");
        assertThat(board).hasSize(8);
        assertThat(board).extracting(LeaderboardRow::rank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (int i = 1; i < board.size(); i++) {
            assertThat(board.get(i - 1).sharpe()).isGreaterThanOrEqualTo(board.get(i).sharpe());
        }
        for (LeaderboardRow row : board) {
            SweepCell cell =
                    cells.stream()
                            .filter(
                                    c ->
                                            c.paramsText().equals(row.params())
                                                    && c.symbol().equals(row.symbol()))
                            .findFirst()
                            .orElseThrow();
            List<Bar> own = bars.stream().filter(b -> b.symbol().equals(row.symbol())).toList();
            assertThat(row.withRank(0)).isEqualTo(BacktestSweep.runCell(base, cell, own));
        }
        // the core sweep on this machine's cores: the same board, row for row
        assertThat(BacktestSweep.runLocal(bars, base, cells, "sharpe", 2)).isEqualTo(board);
        Path csv = LeaderboardFormats.writeCsv(board, dir);
        assertThat(Files.readAllLines(csv)).hasSize(9);
        // the HTML page: a dot and a table row per cell, buy-and-hold per symbol, the honest count
        String html =
                Files.readString(SweepReport.writeHtml(board, dir, "sweep test", "total-return"));
        assertThat(html.split("<circle cx", -1).length - 1)
                .as("a dot per cell plus one legend dot per strategy")
                .isEqualTo(
                        board.size()
                                + (int)
                                        board.stream()
                                                .map(LeaderboardRow::strategy)
                                                .distinct()
                                                .count());
        assertThat(html.split("<tr", -1).length - 1).isEqualTo(board.size() + 1);
        assertThat(html.split("class=\"bh\"", -1).length - 1)
                .isEqualTo((int) board.stream().map(LeaderboardRow::symbol).distinct().count());
        long beat = board.stream().filter(r -> r.totalReturn() > r.buyHoldReturn()).count();
        assertThat(html).contains("<b>" + beat + " of " + board.size() + "</b> beat buy-and-hold");
        assertThat(LeaderboardFormats.toDataFrame(spark, board).count()).isEqualTo(8);
        assertThat(LeaderboardFormats.table(board, 3).lines()).hasSize(4);
    }

    @Test
    void theDefaultGridOnTheRealSampleReproducesThePinnedBacktest() {
        BacktestConfig base = BacktestConfig.fromHocon("");
        Config grid =
                ConfigFactory.parseResources("conf/defaults/backtest.conf")
                        .getConfig("algotrader.backtest.sweep");
        List<SweepCell> cells = BacktestSweep.grid(grid, base, List.of("BTC/USD"));
        assertThat(cells).hasSize(9 + 6);
        List<LeaderboardRow> board =
                BacktestSweep.run(spark, SampleData.btcMinuteBars(), base, cells, "total-return");
        LeaderboardRow pinned =
                board.stream()
                        .filter(
                                r ->
                                        r.strategy().equals("sma-cross")
                                                && r.params().equals("fast=10,slow=30"))
                        .findFirst()
                        .orElseThrow();
        // the same figures as BacktesterAcceptanceTest.smaCrossOnTheRealSampleIsPinned
        assertThat(pinned.finalEquity()).isCloseTo(5108.686951, within(1e-5));
        assertThat(pinned.orderListHash())
                .isEqualTo("e7b4fa99aaf29ce3b3d8d216fb3415380c89840b41f7ea13fc86288a0d7bd394");
        assertThat(board.get(0).totalReturn())
                .isGreaterThanOrEqualTo(board.get(board.size() - 1).totalReturn());
        assertThat(
                        BacktestSweep.runLocal(
                                SampleData.btcMinuteBars(), base, cells, "total-return", 2))
                .isEqualTo(board);
    }

    @Test
    void badGridsAreClearErrors() {
        BacktestConfig base = BacktestConfig.fromHocon("");
        assertThatThrownBy(
                        () ->
                                BacktestSweep.grid(
                                        sweep("sma-cross { fastt = [1] }"), base, List.of("X")))
                .isInstanceOf(BacktestError.class)
                .hasMessageContaining("unknown parameter 'fastt'");
        assertThatThrownBy(
                        () ->
                                BacktestSweep.grid(
                                        sweep("martingale { x = [1] }"), base, List.of("X")))
                .hasMessageContaining("unknown strategy 'martingale'");
        assertThatThrownBy(
                        () ->
                                BacktestSweep.run(
                                        spark,
                                        SyntheticBars.generate("A/USD", "1m", 100, 1),
                                        base,
                                        List.of(
                                                new SweepCell(
                                                        "sma-cross",
                                                        base.strategyParams(),
                                                        "B/USD")),
                                        "sharpe"))
                .hasMessageContaining("symbol 'B/USD' has no bars");
        assertThatThrownBy(() -> BacktestSweep.ranking("luck"))
                .hasMessageContaining("rank-by 'luck'");
    }
}
