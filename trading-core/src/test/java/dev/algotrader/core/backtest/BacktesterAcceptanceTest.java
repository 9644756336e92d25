package dev.algotrader.core.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.report.BacktestReport;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned acceptance results on the real BTC/USD sample (9,399 one-minute bars, Bitstamp, 2013-11-25
 * to 12-01) with the packaged defaults of {@code conf/defaults/backtest.conf}: trade count, final
 * equity and the SHA-256 of the order list. A change to any of them is a change in behaviour and
 * must be explained in the commit that re-pins it.
 */
class BacktesterAcceptanceTest {

    private static final List<Bar> BARS = SampleData.btcMinuteBars();

    private static BacktestResult run(String hocon) {
        return run(hocon, Predictions.none());
    }

    private static BacktestResult run(String hocon, Predictions p) {
        return Backtester.run(
                BacktestConfig.fromHocon("algotrader.backtest {" + hocon + "}"),
                "acceptance",
                BARS,
                p);
    }

    @Test
    void smaCrossOnTheRealSampleIsPinned() {
        BacktestResult r = run("strategy = sma-cross");
        assertThat(r.trades()).hasSize(151);
        assertThat(r.orders()).hasSize(436);
        assertThat(r.metrics().finalEquity()).isCloseTo(5108.686951, within(1e-5));
        assertThat(r.orderListHash())
                .isEqualTo("e7b4fa99aaf29ce3b3d8d216fb3415380c89840b41f7ea13fc86288a0d7bd394");
    }

    @Test
    void rsiReversionOnTheRealSampleIsPinned() {
        BacktestResult r = run("strategy = rsi-reversion");
        assertThat(r.trades()).hasSize(60);
        assertThat(r.orders()).hasSize(124);
        assertThat(r.metrics().finalEquity()).isCloseTo(9573.362779, within(1e-5));
        assertThat(r.orderListHash())
                .isEqualTo("53fd4933fb624f31d741d2fbd914493660369e07b2960f41bb8bf6e70b136b89");
    }

    @Test
    void longShortLimitEntriesWithStopsArePinned() {
        BacktestResult r =
                run(
                        "strategy = rsi-reversion, mode = long-short, orders.stop-loss = 0.01,"
                                + " orders.take-profit = 0.02, orders.entry-type = limit");
        // re-pinned when one stop-loss / take-profit pair started to follow the position (it was
        // re-created at every partial fill: 655 + 655 protective orders, now 100 + 100, one pair
        // per position) and a stop-out started to cancel the rest of a working entry (which used
        // to re-open the position): 94 -> 99 trades, 1,519 -> 413 orders, final equity
        // 7,930.969691 -> 7,985.611228
        assertThat(r.trades()).hasSize(99);
        assertThat(r.orders()).hasSize(413);
        assertThat(r.orders().stream().filter(o -> o.clientOrderId().contains("-sl-")))
                .hasSize(100);
        assertThat(r.metrics().finalEquity()).isCloseTo(7985.611228, within(1e-5));
        assertThat(r.orderListHash())
                .isEqualTo("4986fc95a0a3e5c776143524c9af349a8ff1c537b2488f74aec84355ad20b7c5");
        assertThat(r.trades()).anyMatch(t -> "stop-loss".equals(t.exitReason()));
        assertThat(r.trades())
                .anyMatch(t -> t.side() == dev.algotrader.core.trading.Direction.SHORT);
    }

    @Test
    void aRerunGivesIdenticalResults() {
        Predictions p = Predictions.none();
        SplittableRandom rnd = new SplittableRandom(5);
        for (Bar b : BARS) p.put(b.symbol(), b.ts(), rnd.nextDouble());
        for (String strategy : List.of("sma-cross", "rsi-reversion", "model")) {
            BacktestResult a = run("strategy = " + strategy, p);
            BacktestResult b = run("strategy = " + strategy, p);
            assertThat(a.orders()).isNotEmpty().isEqualTo(b.orders());
            assertThat(b.fills()).isEqualTo(a.fills());
            assertThat(b.equity()).isEqualTo(a.equity());
            assertThat(b.positions()).isEqualTo(a.positions());
            assertThat(b.trades()).isEqualTo(a.trades());
            assertThat(b.metrics()).isEqualTo(a.metrics());
        }
    }

    @Test
    void theEquityCurveAndBuyAndHoldCoverTheSamePeriod() {
        BacktestResult r = run("strategy = sma-cross");
        assertThat(r.equity()).hasSize(BARS.size());
        assertThat(r.positions()).hasSize(BARS.size());
        Bar first = BARS.get(0);
        Bar last = BARS.get(BARS.size() - 1);
        assertThat(r.metrics().buyHoldReturn())
                .isCloseTo(last.close() / first.open() - 1, within(1e-12));
        assertThat(r.metrics().startTs()).isEqualTo(first.ts());
        assertThat(r.metrics().endTs()).isEqualTo(last.closeTime());
        // fees in the metrics are the sum of the fills' fees
        double fees = r.fills().stream().mapToDouble(f -> f.fee()).sum();
        assertThat(r.metrics().feesPaid()).isCloseTo(fees, within(1e-6));
    }

    @Test
    void writesAJsonSummaryAndASelfContainedHtmlReport(@TempDir Path dir) throws Exception {
        BacktestResult r = run("strategy = rsi-reversion");
        Path html = BacktestReport.write(r, BacktestReport.folder(dir, "bt/1 x"));
        assertThat(html.getParent().getFileName()).hasToString("bt_1_x");
        assertThat(BacktestReport.summaryLine(r))
                .startsWith(
                        "backtest acceptance rsi-reversion on BTC/USD: final equity 9,573.36 (-4.27%,")
                .contains("buy and hold 24.87%", "60 trades");
        String page = Files.readString(html);
        assertThat(page)
                .contains(
                        "<svg",
                        "Equity vs buy and hold",
                        "Drawdown",
                        "Monthly returns",
                        "Trades (60)")
                .contains("2013-11")
                .doesNotContain("http://", "https://cdn", "<script src", "<link");
        String json = Files.readString(html.resolveSibling("summary.json"));
        assertThat(json)
                .contains("\"strategy\" : \"rsi-reversion\"")
                .contains("\"trades\" : 60")
                .contains("\"order_list_sha256\" : \"" + r.orderListHash() + "\"");
    }
}
