package dev.algotrader.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.trading.Direction;
import dev.algotrader.core.trading.Trade;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metric definitions against values computed by hand (Python statistics.stdev) on 5 points. */
class PerformanceMetricsTest {

    private static final long DAY = 86_400_000L;

    @Test
    void smallDailyCurveMatchesHandComputedFigures() {
        // equity 100 -> 110 -> 88 -> 121 -> 115, daily bars, returns .1, -.2, .375, -.0496
        long[] ts = {DAY, 2 * DAY, 3 * DAY, 4 * DAY};
        double[] eq = {110, 88, 121, 115};
        List<Trade> trades = List.of(trade(30), trade(-10), trade(-5), trade(15));
        PerformanceMetrics m =
                PerformanceMetrics.compute(0, 100, ts, eq, DAY, trades, 7.5, 460, 0.75, 0.3);
        assertThat(m.totalReturn()).isCloseTo(0.15, within(1e-12));
        // sample std (n-1) of the 4 returns × sqrt(365)
        assertThat(m.annualVolatility()).isCloseTo(4.684694578230212, within(1e-9));
        assertThat(m.sharpe()).isCloseTo(4.390671850232085, within(1e-9));
        assertThat(m.sortino()).isCloseTo(10.449890024944953, within(1e-9));
        assertThat(m.cagr()).isCloseTo(345681.9283117259, within(1e-4));
        // drawdown = equity / running max - 1: peak 110 (day 1), trough 88 (day 2), back at 121
        assertThat(m.maxDrawdown()).isCloseTo(-0.2, within(1e-12));
        assertThat(m.drawdownStartTs()).isEqualTo(DAY);
        assertThat(m.drawdownTroughTs()).isEqualTo(2 * DAY);
        assertThat(m.drawdownRecoveryTs()).isEqualTo(3 * DAY);
        assertThat(m.calmar()).isCloseTo(345681.9283117259 / 0.2, within(1e-3));
        assertThat(m.trades()).isEqualTo(4);
        assertThat(m.winRate()).isEqualTo(0.5);
        assertThat(m.profitFactor()).isCloseTo(45.0 / 15.0, within(1e-12));
        assertThat(m.exposure()).isEqualTo(0.75);
        // traded notional / mean equity = 460 / 108.5
        assertThat(m.turnover()).isCloseTo(460 / 108.5, within(1e-12));
        assertThat(m.feesPaid()).isEqualTo(7.5);
        assertThat(m.buyHoldReturn()).isEqualTo(0.3);
    }

    @Test
    void flatCurveHasNoSharpeAndNoDrawdown() {
        PerformanceMetrics m =
                PerformanceMetrics.compute(
                        0,
                        100,
                        new long[] {60_000, 120_000},
                        new double[] {100, 100},
                        60_000,
                        List.of(),
                        0,
                        0,
                        0,
                        0);
        assertThat(m.sharpe()).isNaN();
        assertThat(m.maxDrawdown()).isZero();
        assertThat(m.drawdownTroughTs()).isEqualTo(-1);
        assertThat(m.winRate()).isNaN();
    }

    @Test
    void annualisesFromTheBarIntervalAroundTheClock() {
        // the same returns on 1-minute bars: Sharpe scales by sqrt(minutes per year / days per
        // year)
        long[] ts = {60_000, 120_000, 180_000, 240_000};
        double[] eq = {110, 88, 121, 115};
        PerformanceMetrics m =
                PerformanceMetrics.compute(0, 100, ts, eq, 60_000, List.of(), 0, 0, 0, 0);
        assertThat(m.sharpe()).isCloseTo(4.390671850232085 * Math.sqrt(1440), within(1e-7));
    }

    private static Trade trade(double pnl) {
        return new Trade("X", Direction.LONG, 0, 1, 1, 100, 100 + pnl, pnl, 0, "t");
    }
}
