package dev.algotrader.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Features TA-Lib has no function for, against independent references on the real BTC bars: log
 * returns from the raw closes, volatility with commons-math3's sample std, volume z-score with its
 * population std, calendar encodings from {@code java.time}.
 */
class FeatureEngineReferenceTest {

    static final double TOL = 1e-9;
    static final List<String> NAMES = FeatureSetSpec.DEFAULT.featureNames();
    static List<Bar> bars;
    static List<FeatureRow> rows;

    @BeforeAll
    static void load() {
        bars = SampleData.btcMinuteBars();
        rows = FeatureEngine.computeAll(FeatureSetSpec.DEFAULT, bars);
    }

    static double f(int i, String name) {
        return rows.get(i).values()[NAMES.indexOf(name)];
    }

    static void close(double ours, double ref, String what) {
        assertThat(Math.abs(ours - ref) / Math.max(1.0, Math.abs(ref)))
                .as(what + ": ours " + ours + " reference " + ref)
                .isLessThanOrEqualTo(TOL);
    }

    @Test
    void logReturnsOver1And4And24Bars() {
        for (int i = 24; i < bars.size(); i++) {
            double c = bars.get(i).close();
            close(f(i, "log_ret_1"), Math.log(c / bars.get(i - 1).close()), "log_ret_1 @" + i);
            close(f(i, "log_ret_4"), Math.log(c / bars.get(i - 4).close()), "log_ret_4 @" + i);
            close(f(i, "log_ret_24"), Math.log(c / bars.get(i - 24).close()), "log_ret_24 @" + i);
        }
    }

    @Test
    void volatilityIsSampleStdOf24OneBarLogReturns() {
        StandardDeviation sample = new StandardDeviation(true);
        StandardDeviation population = new StandardDeviation(false);
        int differsFromPopulation = 0;
        for (int i = 24; i < bars.size(); i++) {
            double[] r = new double[24];
            for (int k = 0; k < 24; k++) {
                int j = i - 23 + k;
                r[k] = Math.log(bars.get(j).close() / bars.get(j - 1).close());
            }
            double ours = f(i, "volatility_24");
            close(ours, sample.evaluate(r), "volatility_24 @" + i);
            if (Math.abs(ours - population.evaluate(r)) > 1e-12) differsFromPopulation++;
        }
        assertThat(differsFromPopulation).as("sample, not population, std").isGreaterThan(1000);
    }

    @Test
    void volumeZScoreUsesPopulationStdOfTheLast24VolumesIncludingThisBar() {
        StandardDeviation population = new StandardDeviation(false);
        int flat = 0;
        for (int i = 23; i < bars.size(); i++) {
            double[] v = new double[24];
            for (int k = 0; k < 24; k++) v[k] = bars.get(i - 23 + k).volume();
            double sd = population.evaluate(v);
            double m = new Mean().evaluate(v);
            if (sd == 0) {
                assertThat(f(i, "volume_z_24")).isZero();
                flat++;
            } else {
                close(f(i, "volume_z_24"), (bars.get(i).volume() - m) / sd, "volume_z_24 @" + i);
            }
        }
        assertThat(flat).isLessThan(bars.size() / 10);
    }

    @Test
    void hourAndDayOfWeekEncodingsOfTheUtcOpenTime() {
        boolean sawMonday = false, sawSunday = false;
        for (int i = 0; i < bars.size(); i++) {
            ZonedDateTime t = Instant.ofEpochMilli(bars.get(i).ts()).atZone(ZoneOffset.UTC);
            double h = 2 * Math.PI * t.getHour() / 24;
            int dow = t.getDayOfWeek().getValue() - 1; // Monday = 0
            double d = 2 * Math.PI * dow / 7;
            close(f(i, "hour_sin"), Math.sin(h), "hour_sin @" + i);
            close(f(i, "hour_cos"), Math.cos(h), "hour_cos @" + i);
            close(f(i, "dow_sin"), Math.sin(d), "dow_sin @" + i);
            close(f(i, "dow_cos"), Math.cos(d), "dow_cos @" + i);
            sawMonday |= t.getDayOfWeek() == DayOfWeek.MONDAY;
            sawSunday |= t.getDayOfWeek() == DayOfWeek.SUNDAY;
        }
        assertThat(sawMonday && sawSunday).isTrue();
        // encodings before 1970 (negative epoch millis) still land on the right hour and day
        FeatureEngine e = FeatureEngine.create(FeatureSetSpec.DEFAULT, "OLD", "1h");
        long ts =
                ZonedDateTime.of(1969, 12, 28, 5, 0, 0, 0, ZoneOffset.UTC)
                        .toInstant()
                        .toEpochMilli();
        double[] v = e.update(new Bar("OLD", "1h", ts, 1, 1, 1, 1, 1)).values();
        close(v[NAMES.indexOf("hour_sin")], Math.sin(2 * Math.PI * 5 / 24), "hour 5");
        close(v[NAMES.indexOf("dow_sin")], Math.sin(2 * Math.PI * 6 / 7), "Sunday");
    }
}
