package dev.algotrader.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report lists the fills that had no volume behind them (bars with {@code volume_known =
 * false}): on the real sample with every fifth bar's volume zeroed, exactly the fills inside those
 * bars, each with its order id; a series with volume everywhere has no such section.
 */
class VolumeFreeFillsReportTest {

    @Test
    void theReportListsExactlyTheFillsOnBarsWithoutVolume(@TempDir Path dir) throws Exception {
        List<Bar> bars = new ArrayList<>();
        Set<Long> zeroed = new HashSet<>();
        List<Bar> sample = SampleData.btcMinuteBars();
        for (int i = 0; i < sample.size(); i++) {
            Bar b = sample.get(i);
            if (i % 5 == 0) {
                b =
                        new Bar(
                                b.symbol(),
                                b.interval(),
                                b.ts(),
                                b.open(),
                                b.high(),
                                b.low(),
                                b.close(),
                                0.0);
                zeroed.add(b.ts());
            }
            bars.add(b);
        }
        BacktestResult r = run(bars);
        List<Fill> free = BacktestReport.volumeFreeFills(bars, r.fills());
        long expected =
                r.fills().stream().filter(f -> zeroed.contains(f.ts() - f.ts() % 60_000)).count();
        assertThat(free).hasSize((int) expected);
        assertThat(free).isNotEmpty();
        assertThat(free.size()).isLessThan(r.fills().size());

        String html = Files.readString(BacktestReport.write(r, bars, dir));
        assertThat(html).contains("Volume-free fills (" + free.size());
        for (Fill f : free.subList(0, Math.min(20, free.size()))) {
            assertThat(html).contains(f.clientOrderId());
        }
    }

    @Test
    void aSeriesWithVolumeEverywhereHasNoVolumeFreeSection(@TempDir Path dir) throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars();
        BacktestResult r = run(bars);
        assertThat(BacktestReport.volumeFreeFills(bars, r.fills())).isEmpty();
        assertThat(Files.readString(BacktestReport.write(r, bars, dir)))
                .doesNotContain("Volume-free fills");
    }

    private static BacktestResult run(List<Bar> bars) {
        return Backtester.run(
                BacktestConfig.fromHocon("algotrader.backtest { strategy = sma-cross }"),
                "volume-free",
                bars,
                Predictions.none());
    }
}
