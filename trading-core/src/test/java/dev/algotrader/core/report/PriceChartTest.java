package dev.algotrader.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest report's price chart: the real sample's close and a marker per entry and exit. */
class PriceChartTest {

    private static final List<Bar> BARS = SampleData.btcMinuteBars();

    private static BacktestResult rsi() {
        return Backtester.run(
                BacktestConfig.fromHocon("algotrader.backtest { strategy = rsi-reversion }"),
                "price-chart",
                BARS,
                Predictions.none());
    }

    @Test
    void everyTradeHasAnEntryAndAnExitMarkerAtItsTimeAndPrice() {
        BacktestResult r = rsi();
        List<Trade> trades = r.trades();
        assertThat(trades).hasSize(60);
        String svg = PriceChart.svg("BTC/USD", BARS, trades);
        assertThat(count(svg, "<polygon class=\"entry\"")).isEqualTo(trades.size());
        assertThat(count(svg, "<circle class=\"exit\"")).isEqualTo(trades.size());
        assertThat(svg).startsWith("<svg class=\"price\" width=\"1000\" height=\"320\"");

        // the markers sit where the axes put the trade's time and price
        long t0 = BARS.get(0).ts();
        long t1 = BARS.get(BARS.size() - 1).ts();
        double lo = BARS.stream().mapToDouble(Bar::low).min().orElseThrow();
        double hi = BARS.stream().mapToDouble(Bar::high).max().orElseThrow();
        double m = (hi - lo) * 0.04;
        List<double[]> exits = new ArrayList<>();
        Matcher c =
                Pattern.compile("class=\"exit\" cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"").matcher(svg);
        while (c.find())
            exits.add(
                    new double[] {Double.parseDouble(c.group(1)), Double.parseDouble(c.group(2))});
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            double x = 64 + (1000 - 74) * (double) (t.exitTs() - t0) / (t1 - t0);
            double y = 10 + (320 - 34) * ((hi + m) - t.exitPrice()) / ((hi + m) - (lo - m));
            assertThat(exits.get(i)[0]).as("exit x of trade %d", i).isCloseTo(x, within(0.06));
            assertThat(exits.get(i)[1]).as("exit y of trade %d", i).isCloseTo(y, within(0.06));
            assertThat(exits.get(i)[1]).isBetween(10.0, 296.0);
        }
        // a tooltip with the PnL, colour by outcome
        Trade first = trades.get(0);
        assertThat(svg).contains("<title>exit " + java.time.Instant.ofEpochMilli(first.exitTs()));
        assertThat(count(svg, "fill=\"#cf222e\""))
                .isEqualTo(trades.stream().filter(t -> t.pnl() < 0).count());
    }

    @Test
    void thousandsOfBarsAreDrawnPerPixelColumnWithoutLosingTheExtremes() {
        String svg = PriceChart.svg("BTC/USD", BARS, List.of());
        Matcher p = Pattern.compile("<polyline[^>]*points=\"([^\"]+)\"").matcher(svg);
        assertThat(p.find()).isTrue();
        String[] pts = p.group(1).trim().split(" ");
        assertThat(pts.length).isLessThan(4 * 1000).isGreaterThan(900);
        // the highest close is on the line
        double maxClose = BARS.stream().mapToDouble(Bar::close).max().orElseThrow();
        double lo = BARS.stream().mapToDouble(Bar::low).min().orElseThrow();
        double hi = BARS.stream().mapToDouble(Bar::high).max().orElseThrow();
        double m = (hi - lo) * 0.04;
        double yMax = 10 + 286 * ((hi + m) - maxClose) / ((hi + m) - (lo - m));
        double minY = Double.MAX_VALUE;
        for (String s : pts) minY = Math.min(minY, Double.parseDouble(s.split(",")[1]));
        assertThat(minY).isCloseTo(yMax, within(0.06));
        assertThat(PriceChart.svg("ETH/USD", BARS, List.of())).isEmpty();
    }

    @Test
    void theReportHasThePriceChartWhenGivenTheBars(@TempDir Path dir) throws Exception {
        BacktestResult r = rsi();
        String page = Files.readString(BacktestReport.write(r, BARS, dir.resolve("a")));
        assertThat(page)
                .contains("<h2>Price and trades: BTC/USD</h2><svg class=\"price\"")
                .contains("long entry");
        assertThat(page.indexOf("Price and trades"))
                .isLessThan(page.indexOf("Equity vs buy and hold"));
        String without = Files.readString(BacktestReport.write(r, dir.resolve("b")));
        assertThat(without).doesNotContain("Price and trades");
    }

    private static long count(String s, String what) {
        return (s.length() - s.replace(what, "").length()) / what.length();
    }
}
