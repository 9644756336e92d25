package dev.algotrader.core.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MAType;
import com.tictactec.ta.lib.MInteger;
import com.tictactec.ta.lib.RetCode;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every indicator of core_v1 against TA-Lib 0.4.0 (Java port) on the real BTC/USD 1-minute bars:
 * equal within 1e-9 (relative to the magnitude of the value, at least absolute 1e-9) from each
 * feature's declared warm-up on, and the first valid index equals TA-Lib's lookback.
 */
class FeatureEngineTalibTest {

    static final double TOL = 1e-9;
    static List<Bar> bars;
    static List<FeatureRow> rows;
    static double[] open, high, low, close, volume;
    static int n;
    static final Core TA = new Core();
    static final List<String> NAMES = FeatureSetSpec.DEFAULT.featureNames();
    static final Map<String, Integer> WARM = FeatureEngine.warmups(FeatureSetSpec.DEFAULT);

    @BeforeAll
    static void load() {
        bars = SampleData.btcMinuteBars();
        n = bars.size();
        assertThat(n).isGreaterThan(9000);
        rows = FeatureEngine.computeAll(FeatureSetSpec.DEFAULT, bars);
        open = new double[n];
        high = new double[n];
        low = new double[n];
        close = new double[n];
        volume = new double[n];
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            open[i] = b.open();
            high[i] = b.high();
            low[i] = b.low();
            close[i] = b.close();
            volume[i] = b.volume();
        }
    }

    static double feature(int i, String name) {
        return rows.get(i).values()[NAMES.indexOf(name)];
    }

    /**
     * Asserts feature {@code name} equals {@code ref} (TA-Lib output starting at {@code beg}) from
     * {@code beg} on, that {@code beg} is the declared warm-up, and that earlier values are NaN.
     */
    static void assertSeries(String name, int beg, double[] ref, int nb) {
        assertThat(beg)
                .as(name + " first valid index = declared warm-up")
                .isEqualTo(WARM.get(name));
        assertThat(beg + nb).isEqualTo(n);
        for (int i = 0; i < beg; i++) {
            assertThat(feature(i, name)).as(name + " during warm-up at " + i).isNaN();
        }
        double maxErr = 0;
        for (int k = 0; k < nb; k++) {
            double ours = feature(beg + k, name);
            double theirs = ref[k];
            double err = Math.abs(ours - theirs) / Math.max(1.0, Math.abs(theirs));
            maxErr = Math.max(maxErr, err);
            assertThat(err)
                    .as(name + " at bar " + (beg + k) + ": ours " + ours + " TA-Lib " + theirs)
                    .isLessThanOrEqualTo(TOL);
        }
        org.slf4j.LoggerFactory.getLogger(FeatureEngineTalibTest.class)
                .info("{} max rel error vs TA-Lib {}", name, maxErr);
    }

    @Test
    void rsi14() {
        double[] out = new double[n];
        MInteger beg = new MInteger(), nb = new MInteger();
        assertThat(TA.rsi(0, n - 1, close, 14, beg, nb, out)).isEqualTo(RetCode.Success);
        assertSeries("rsi_14", beg.value, out, nb.value);
    }

    @Test
    void macdLineSignalHistogram() {
        double[] m = new double[n], s = new double[n], h = new double[n];
        MInteger beg = new MInteger(), nb = new MInteger();
        assertThat(TA.macd(0, n - 1, close, 12, 26, 9, beg, nb, m, s, h))
                .isEqualTo(RetCode.Success);
        assertSeries("macd_line", beg.value, m, nb.value);
        assertSeries("macd_signal", beg.value, s, nb.value);
        assertSeries("macd_hist", beg.value, h, nb.value);
    }

    @Test
    void closeOverSma20And50() {
        for (int p : new int[] {20, 50}) {
            double[] out = new double[n];
            MInteger beg = new MInteger(), nb = new MInteger();
            assertThat(TA.sma(0, n - 1, close, p, beg, nb, out)).isEqualTo(RetCode.Success);
            double[] ratio = new double[nb.value];
            for (int k = 0; k < nb.value; k++) ratio[k] = close[beg.value + k] / out[k];
            assertSeries("close_sma_" + p, beg.value, ratio, nb.value);
        }
    }

    @Test
    void closeOverEma20And50() {
        for (int p : new int[] {20, 50}) {
            double[] out = new double[n];
            MInteger beg = new MInteger(), nb = new MInteger();
            assertThat(TA.ema(0, n - 1, close, p, beg, nb, out)).isEqualTo(RetCode.Success);
            double[] ratio = new double[nb.value];
            for (int k = 0; k < nb.value; k++) ratio[k] = close[beg.value + k] / out[k];
            assertSeries("close_ema_" + p, beg.value, ratio, nb.value);
        }
    }

    /**
     * Bollinger bands themselves equal TA-Lib's BBANDS (SMA 20, 2 population std devs) within 1e-9.
     * %B and width are checked against an exact (BigDecimal, 40 digits) reference instead: TA-Lib
     * computes the variance as E[x^2] - E[x]^2, which cancels catastrophically for prices near 1000
     * in quiet minutes, so its %B is off by up to a few 1e-9 while the engine's two-pass variance
     * is not. The test documents that difference and bounds it.
     */
    @Test
    void bollingerBandsEqualTalibAndPercentBIsExact() {
        double[] up = new double[n], mid = new double[n], lo = new double[n];
        MInteger beg = new MInteger(), nb = new MInteger();
        assertThat(TA.bbands(0, n - 1, close, 20, 2.0, 2.0, MAType.Sma, beg, nb, up, mid, lo))
                .isEqualTo(RetCode.Success);
        assertThat(beg.value).isEqualTo(WARM.get("bb_pct_b")).isEqualTo(WARM.get("bb_width"));
        java.math.MathContext mc = new java.math.MathContext(40);
        double maxTalibPctBErr = 0, maxExactErr = 0;
        for (int k = 0; k < nb.value; k++) {
            int i = beg.value + k;
            double pctB = feature(i, "bb_pct_b");
            double width = feature(i, "bb_width");
            // bands reconstructed from the features: mid = close / (close/SMA20)
            double m = close[i] / feature(i, "close_sma_20");
            double half = width * m / 2;
            assertThat(rel(m, mid[k])).as("middle band at " + i).isLessThanOrEqualTo(TOL);
            assertThat(rel(m + half, up[k])).as("upper band at " + i).isLessThanOrEqualTo(TOL);
            assertThat(rel(m - half, lo[k])).as("lower band at " + i).isLessThanOrEqualTo(TOL);
            // exact reference
            java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
            for (int j = i - 19; j <= i; j++) sum = sum.add(new java.math.BigDecimal(close[j]));
            java.math.BigDecimal mean = sum.divide(java.math.BigDecimal.valueOf(20), mc);
            java.math.BigDecimal ss = java.math.BigDecimal.ZERO;
            for (int j = i - 19; j <= i; j++) {
                java.math.BigDecimal d = new java.math.BigDecimal(close[j]).subtract(mean);
                ss = ss.add(d.multiply(d));
            }
            java.math.BigDecimal sd = ss.divide(java.math.BigDecimal.valueOf(20), mc).sqrt(mc);
            if (sd.signum() == 0) {
                assertThat(pctB).isEqualTo(0.5);
                assertThat(width).isZero();
                continue;
            }
            java.math.BigDecimal lower =
                    mean.subtract(sd.multiply(java.math.BigDecimal.valueOf(2)));
            double exactPctB =
                    new java.math.BigDecimal(close[i])
                            .subtract(lower)
                            .divide(sd.multiply(java.math.BigDecimal.valueOf(4)), mc)
                            .doubleValue();
            double exactWidth =
                    sd.multiply(java.math.BigDecimal.valueOf(4)).divide(mean, mc).doubleValue();
            maxExactErr = Math.max(maxExactErr, rel(pctB, exactPctB));
            assertThat(rel(pctB, exactPctB)).as("%B exact at " + i).isLessThanOrEqualTo(TOL);
            assertThat(rel(width, exactWidth)).as("width exact at " + i).isLessThanOrEqualTo(TOL);
            double talibPctB = (close[i] - lo[k]) / (up[k] - lo[k]);
            maxTalibPctBErr = Math.max(maxTalibPctBErr, rel(talibPctB, exactPctB));
        }
        org.slf4j.LoggerFactory.getLogger(getClass())
                .info(
                        "Bollinger %B max rel error: engine vs exact {}, TA-Lib vs exact {}",
                        maxExactErr, maxTalibPctBErr);
        // the documented difference: TA-Lib's %B is the less accurate one, but still close
        assertThat(maxExactErr).isLessThan(maxTalibPctBErr);
        assertThat(maxTalibPctBErr).isLessThan(1e-6);
    }

    static double rel(double ours, double ref) {
        return Math.abs(ours - ref) / Math.max(1.0, Math.abs(ref));
    }

    @Test
    void atr14OverClose() {
        double[] out = new double[n];
        MInteger beg = new MInteger(), nb = new MInteger();
        assertThat(TA.atr(0, n - 1, high, low, close, 14, beg, nb, out)).isEqualTo(RetCode.Success);
        double[] rel = new double[nb.value];
        for (int k = 0; k < nb.value; k++) rel[k] = out[k] / close[beg.value + k];
        assertSeries("atr_14_rel", beg.value, rel, nb.value);
    }
}
