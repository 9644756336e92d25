package dev.algotrader.core.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Declared indicators computed ahead give the strategy exactly what it computes bar by bar: the SMA
 * values bit for bit, and a bound sma-cross the same decisions as an unbound one (also after a bar
 * that is not the series' next, where it falls back to its own sums).
 */
class IndicatorTest {

    @Test
    void precomputedSmasEqualFreshNewestFirstSumsBitForBit() {
        List<Bar> bars = SampleData.btcMinuteBars();
        double[] c = closes(bars);
        List<Integer> periods = List.of(1, 2, 10, 30, 200);
        var smas = Indicator.smas(c, periods);
        for (int p : periods) {
            double[] v = smas.get(p);
            for (int i = 0; i < c.length; i++) {
                if (i < p - 1) {
                    assertThat(v[i]).isNaN();
                    continue;
                }
                double sum = 0;
                for (int k = 0; k < p; k++) sum += c[i - k];
                assertThat(Double.doubleToRawLongBits(v[i]))
                        .as("period %d bar %d", p, i)
                        .isEqualTo(Double.doubleToRawLongBits(sum / p));
            }
        }
    }

    @Test
    void aBoundSmaCrossDecidesExactlyAsAnUnboundOne() {
        for (List<Bar> bars :
                List.of(
                        SampleData.btcMinuteBars(),
                        SyntheticBars.generate("SYN/USD", "1m", 30_000, 3))) {
            for (int[] fs : new int[][] {{10, 30}, {2, 5}, {20, 200}}) {
                SmaCrossStrategy plain = new SmaCrossStrategy(fs[0], fs[1]);
                SmaCrossStrategy bound = new SmaCrossStrategy(fs[0], fs[1]);
                bound.bind(
                        IndicatorSeries.compute(openTimes(bars), closes(bars), bound.indicators()));
                int decisions = 0;
                for (Bar b : bars) {
                    Direction a = plain.onBar(b, OptionalDouble.empty(), Direction.FLAT);
                    Direction d = bound.onBar(b, OptionalDouble.empty(), Direction.FLAT);
                    assertThat(d).isEqualTo(a);
                    if (a != Direction.HOLD) decisions++;
                }
                assertThat(decisions).isPositive();
            }
        }
    }

    @Test
    void aBarOffTheSeriesFallsBackToTheStrategysOwnSums() {
        List<Bar> bars = SyntheticBars.generate("SYN/USD", "1m", 5_000, 9);
        SmaCrossStrategy plain = new SmaCrossStrategy(5, 20);
        SmaCrossStrategy bound = new SmaCrossStrategy(5, 20);
        // the series covers only the first half
        List<Bar> half = bars.subList(0, 2_500);
        bound.bind(IndicatorSeries.compute(openTimes(half), closes(half), bound.indicators()));
        for (int i = 0; i < bars.size(); i++) {
            if (i == 1_000) continue; // a bar neither sees: the bound one is off its series
            Bar b = bars.get(i);
            assertThat(bound.onBar(b, OptionalDouble.empty(), Direction.FLAT))
                    .isEqualTo(plain.onBar(b, OptionalDouble.empty(), Direction.FLAT));
        }
    }

    @Test
    void smaCrossKeepsItsSerializedFormSoSavedStatesReadBack() {
        // the value the class had before it declared indicators (Java-serialized paper-once state)
        assertThat(java.io.ObjectStreamClass.lookup(SmaCrossStrategy.class).getSerialVersionUID())
                .isEqualTo(-4800803569859262700L);
    }

    @Test
    void anIndicatorThatWasNotComputedIsAnError() {
        IndicatorSeries s =
                IndicatorSeries.compute(
                        new long[] {1, 2}, new double[] {1, 2}, List.of(new Indicator.Sma(2)));
        assertThat(s.values(new Indicator.Sma(2))[1]).isEqualTo(1.5);
        assertThatThrownBy(() -> s.values(new Indicator.Sma(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long[] openTimes(List<Bar> bars) {
        long[] t = new long[bars.size()];
        for (int i = 0; i < t.length; i++) t[i] = bars.get(i).ts();
        return t;
    }

    private static double[] closes(List<Bar> bars) {
        double[] c = new double[bars.size()];
        for (int i = 0; i < c.length; i++) c[i] = bars.get(i).close();
        return c;
    }
}
