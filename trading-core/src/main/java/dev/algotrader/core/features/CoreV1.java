package dev.algotrader.core.features;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The feature units of {@code core_v1}, in column order. Every indicator is our own incremental
 * code written to reproduce TA-Lib's definitions (seeding, Wilder smoothing, population std for
 * Bollinger) operation by operation; TA-Lib and Ta4j are the test oracles. Transcendental functions
 * use {@link StrictMath} so rows are bit-identical on every JVM and CPU.
 */
final class CoreV1 {

    static final int RSI_N = 14;
    static final int MACD_FAST = 12;
    static final int MACD_SLOW = 26;
    static final int MACD_SIGNAL = 9;
    static final int BB_N = 20;
    static final double BB_K = 2.0;
    static final int ATR_N = 14;
    static final int VOL_N = 24;
    static final int VOLUME_N = 24;
    static final int CLOSE_RING = 50;

    /** TA-Lib's TA_IS_ZERO band for RSI's gain+loss. */
    static final double TA_EPS = 0.00000001;

    /**
     * Relative threshold below which a standard deviation counts as zero (flat window): Bollinger
     * %B is then 0.5 and width 0, the volume z-score 0.
     */
    static final double FLAT_REL = 1e-12;

    private CoreV1() {}

    /** The shared history core_v1 reads: 50 closes, 24 returns, 24 volumes. */
    static BarWindow window() {
        return new BarWindow(CLOSE_RING, VOL_N, VOLUME_N);
    }

    /** Fresh units of core_v1, in column order. */
    static List<FeatureUnit> units() {
        return List.of(
                new LogReturn("log_ret_1", 1),
                new LogReturn("log_ret_4", 4),
                new LogReturn("log_ret_24", 24),
                new Rsi(),
                new Macd(),
                new SmaRatio("close_sma_20", 20),
                new SmaRatio("close_sma_50", 50),
                new EmaRatio("close_ema_20", 20),
                new EmaRatio("close_ema_50", 50),
                new Bollinger(),
                new AtrRel(),
                new Volatility(),
                new VolumeZ(),
                new CalendarUnit(List.of("hour_sin", "hour_cos"), 24, 3_600_000L, 0),
                new CalendarUnit(List.of("dow_sin", "dow_cos"), 7, 86_400_000L, 3));
    }

    /** A unit of one column. */
    private abstract static class Single implements FeatureUnit {
        private final List<String> names;
        private final int warmup;

        Single(String name, int warmup) {
            this.names = List.of(name);
            this.warmup = warmup;
        }

        @Override
        public List<String> names() {
            return names;
        }

        @Override
        public int warmup() {
            return warmup;
        }
    }

    /** log(close / close n bars back); the one-bar return is the window's. */
    static final class LogReturn extends Single {
        private final int n;

        LogReturn(String name, int n) {
            super(name, n);
            this.n = n;
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < n) return;
            out[at] = n == 1 ? w.returnAt(i) : StrictMath.log(bar.close() / w.closeAt(i - n));
        }
    }

    /** RSI(14), Wilder smoothing, in the operation order of TA-Lib's TA_RSI. */
    static final class Rsi extends Single {
        private double gain;
        private double loss;

        Rsi() {
            super("rsi_14", RSI_N);
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < 1) return;
            double diff = bar.close() - w.prevClose();
            if (i <= RSI_N) {
                if (diff < 0) loss -= diff;
                else gain += diff;
                if (i == RSI_N) {
                    loss /= RSI_N;
                    gain /= RSI_N;
                }
            } else {
                loss *= (RSI_N - 1);
                gain *= (RSI_N - 1);
                if (diff < 0) loss -= diff;
                else gain += diff;
                loss /= RSI_N;
                gain /= RSI_N;
            }
            if (i >= RSI_N) {
                double t = gain + loss;
                out[at] = (-TA_EPS < t && t < TA_EPS) ? 0.0 : 100.0 * (gain / t);
            }
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(gain);
            out.writeDouble(loss);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            gain = in.readDouble();
            loss = in.readDouble();
        }
    }

    /**
     * MACD(12,26,9) exactly as TA-Lib's TA_INT_MACD: both EMAs are emitted from bar 25; the slow
     * one is seeded with SMA(closes 0..25), the fast one with SMA(closes 14..25).
     */
    static final class Macd implements FeatureUnit {
        private static final int LINE_START = MACD_SLOW - 1; // 25
        private static final int START = LINE_START + MACD_SIGNAL - 1; // 33
        private static final double K_FAST = 2.0 / (MACD_FAST + 1);
        private static final double K_SLOW = 2.0 / (MACD_SLOW + 1);
        private static final double K_SIGNAL = 2.0 / (MACD_SIGNAL + 1);
        private double emaFast; // sum while seeding, then EMA
        private double emaSlow;
        private double signal;

        @Override
        public List<String> names() {
            return List.of("macd_line", "macd_signal", "macd_hist");
        }

        @Override
        public int warmup() {
            return START;
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            double c = bar.close();
            if (i <= LINE_START) {
                emaSlow += c;
                if (i >= LINE_START - MACD_FAST + 1) emaFast += c;
                if (i == LINE_START) {
                    emaSlow = emaSlow / MACD_SLOW;
                    emaFast = emaFast / MACD_FAST;
                }
            } else {
                emaSlow = ((c - emaSlow) * K_SLOW) + emaSlow;
                emaFast = ((c - emaFast) * K_FAST) + emaFast;
            }
            if (i < LINE_START) return;
            double macd = emaFast - emaSlow;
            if (i <= START) {
                signal += macd;
                if (i == START) signal = signal / MACD_SIGNAL;
            } else {
                signal = ((macd - signal) * K_SIGNAL) + signal;
            }
            if (i >= START) {
                out[at] = macd;
                out[at + 1] = signal;
                out[at + 2] = macd - signal;
            }
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(emaFast);
            out.writeDouble(emaSlow);
            out.writeDouble(signal);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            emaFast = in.readDouble();
            emaSlow = in.readDouble();
            signal = in.readDouble();
        }
    }

    /** close / SMA(n), the sum recomputed from the ring (no drift however long it runs). */
    static final class SmaRatio extends Single {
        private final int n;

        SmaRatio(String name, int n) {
            super(name, n - 1);
            this.n = n;
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i >= n - 1) out[at] = bar.close() / w.sma(i, n);
        }
    }

    /** close / EMA(n), the EMA seeded with the SMA of the first n closes (TA-Lib's default). */
    static final class EmaRatio extends Single {
        private final int n;
        private final double k;
        private double ema;

        EmaRatio(String name, int n) {
            super(name, n - 1);
            this.n = n;
            this.k = 2.0 / (n + 1);
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            double c = bar.close();
            if (i < n - 1) ema = ema + c;
            else if (i == n - 1) ema = (ema + c) / n;
            else ema = ((c - ema) * k) + ema;
            if (i >= n - 1) out[at] = c / ema;
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(ema);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            ema = in.readDouble();
        }
    }

    /** Bollinger(20, 2) %B and width, population std; a flat window gives 0.5 and 0. */
    static final class Bollinger implements FeatureUnit {
        @Override
        public List<String> names() {
            return List.of("bb_pct_b", "bb_width");
        }

        @Override
        public int warmup() {
            return BB_N - 1;
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < BB_N - 1) return;
            double mid = w.sma(i, BB_N);
            double ss = 0;
            for (int k = BB_N - 1; k >= 0; k--) {
                double d = w.closeAt(i - k) - mid;
                ss += d * d;
            }
            double sd = Math.sqrt(ss / BB_N);
            if (sd <= FLAT_REL * Math.abs(mid)) {
                out[at] = 0.5;
                out[at + 1] = 0.0;
            } else {
                double upper = mid + BB_K * sd;
                double lower = mid - BB_K * sd;
                out[at] = (bar.close() - lower) / (upper - lower);
                out[at + 1] = (upper - lower) / mid;
            }
        }
    }

    /** ATR(14)/close: true range from bar 1, first ATR = SMA of TR 1..14, then Wilder. */
    static final class AtrRel extends Single {
        private double atr; // sum of true ranges while seeding, then Wilder ATR

        AtrRel() {
            super("atr_14_rel", ATR_N);
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < 1) return;
            double prevClose = w.prevClose();
            double tr = bar.high() - bar.low();
            double a = Math.abs(prevClose - bar.high());
            if (a > tr) tr = a;
            double b = Math.abs(prevClose - bar.low());
            if (b > tr) tr = b;
            if (i <= ATR_N) {
                atr += tr;
                if (i == ATR_N) atr = atr / ATR_N;
            } else {
                atr *= ATR_N - 1;
                atr += tr;
                atr /= ATR_N;
            }
            if (i >= ATR_N) out[at] = atr / bar.close();
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeDouble(atr);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            atr = in.readDouble();
        }
    }

    /** SAMPLE std (n-1) of the last 24 one-bar log returns (24 returns need 25 closes). */
    static final class Volatility extends Single {
        Volatility() {
            super("volatility_24", VOL_N);
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < VOL_N) return;
            double s = 0;
            for (int k = VOL_N - 1; k >= 0; k--) s += w.returnAt(i - k);
            double m = s / VOL_N;
            double ss = 0;
            for (int k = VOL_N - 1; k >= 0; k--) {
                double d = w.returnAt(i - k) - m;
                ss += d * d;
            }
            out[at] = Math.sqrt(ss / (VOL_N - 1));
        }
    }

    /** Volume z-score over the last 24 volumes incl. this bar, POPULATION std; flat → 0. */
    static final class VolumeZ extends Single {
        VolumeZ() {
            super("volume_z_24", VOLUME_N - 1);
        }

        @Override
        public void update(BarWindow w, Bar bar, double[] out, int at) {
            long i = w.index();
            if (i < VOLUME_N - 1) return;
            double s = 0;
            for (int k = VOLUME_N - 1; k >= 0; k--) s += w.volumeAt(i - k);
            double m = s / VOLUME_N;
            double ss = 0;
            for (int k = VOLUME_N - 1; k >= 0; k--) {
                double d = w.volumeAt(i - k) - m;
                ss += d * d;
            }
            double sd = Math.sqrt(ss / VOLUME_N);
            out[at] = (sd == 0.0 || sd <= FLAT_REL * Math.abs(m)) ? 0.0 : (bar.volume() - m) / sd;
        }
    }
}
