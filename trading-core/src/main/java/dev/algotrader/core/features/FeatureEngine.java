package dev.algotrader.core.features;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental engine of the feature set {@code core_v1} ({@link FeatureSetSpec#DEFAULT}): one bar
 * in, one {@link FeatureRow} out, for one symbol. All indicators are our own incremental code,
 * written to reproduce TA-Lib's definitions (seeding, Wilder smoothing, population std for
 * Bollinger) operation by operation; Ta4j and TA-Lib are the test oracles. The state is a few ring
 * buffers (closes 50, 1-bar log returns 24, volumes 24) and a dozen scalars, so it fits Flink keyed
 * state; {@link #snapshot()} / {@link #restore(byte[])} round-trip it bit for bit.
 *
 * <p>All transcendental functions use {@link StrictMath}, so the same bars give bit-identical rows
 * on every JVM and CPU (Spark executors, Flink task managers, a laptop).
 *
 * <p>Bars are counted, not timed: "24 bars" means the last 24 bars fed, whatever gaps lie between
 * them (silver bars flag gaps; the engine does not fill them).
 */
public final class FeatureEngine implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Snapshot header: "FEN1" then a format version. */
    private static final int SNAPSHOT_MAGIC = 0x46454E31;

    private static final short SNAPSHOT_VERSION = 1;

    // ---- parameters of core_v1 ----
    static final int RSI_N = 14;
    static final int MACD_FAST = 12;
    static final int MACD_SLOW = 26;
    static final int MACD_SIGNAL = 9;
    static final int BB_N = 20;
    static final double BB_K = 2.0;
    static final int ATR_N = 14;
    static final int VOL_N = 24;
    static final int VOLUME_N = 24;
    private static final int CLOSE_RING = 50;

    /** First bar index (0-based) at which the MACD line is formed, as TA-Lib's internal EMAs. */
    private static final int MACD_LINE_START = MACD_SLOW - 1; // 25

    /** First bar index at which TA-Lib emits MACD line, signal and histogram. */
    private static final int MACD_START = MACD_LINE_START + MACD_SIGNAL - 1; // 33

    private static final double K_FAST = 2.0 / (MACD_FAST + 1);
    private static final double K_SLOW = 2.0 / (MACD_SLOW + 1);
    private static final double K_SIGNAL = 2.0 / (MACD_SIGNAL + 1);
    private static final double K_EMA20 = 2.0 / (20 + 1);
    private static final double K_EMA50 = 2.0 / (50 + 1);

    /** TA-Lib's TA_IS_ZERO band for RSI's gain+loss. */
    private static final double TA_EPS = 0.00000001;

    /**
     * Relative threshold below which a standard deviation counts as zero (flat window): Bollinger
     * %B is then 0.5 and width 0, the volume z-score 0.
     */
    static final double FLAT_REL = 1e-12;

    /** Warm-up of each core_v1 feature: number of bars before its first valid value. */
    private static final int[] WARMUP = {
        1,
        4,
        24, // log_ret_1/4/24
        RSI_N, // rsi_14
        MACD_START,
        MACD_START,
        MACD_START, // macd line/signal/hist
        19,
        49,
        19,
        49, // close/SMA20, close/SMA50, close/EMA20, close/EMA50
        BB_N - 1,
        BB_N - 1, // bb_pct_b, bb_width
        ATR_N, // atr_14_rel
        VOL_N, // volatility_24 (24 one-bar returns need 25 closes)
        VOLUME_N - 1, // volume_z_24
        0,
        0,
        0,
        0 // hour/dow sin/cos
    };

    private static final int WARMUP_BARS = max(WARMUP);

    /** Calendar encodings: sin/cos of 2π·hour/24 and 2π·dayOfWeek/7, precomputed once. */
    private static final double[] HOUR_SIN = new double[24], HOUR_COS = new double[24];

    private static final double[] DOW_SIN = new double[7], DOW_COS = new double[7];

    static {
        for (int h = 0; h < 24; h++) {
            HOUR_SIN[h] = StrictMath.sin(2 * Math.PI * h / 24.0);
            HOUR_COS[h] = StrictMath.cos(2 * Math.PI * h / 24.0);
        }
        for (int d = 0; d < 7; d++) {
            DOW_SIN[d] = StrictMath.sin(2 * Math.PI * d / 7.0);
            DOW_COS[d] = StrictMath.cos(2 * Math.PI * d / 7.0);
        }
    }

    private final String specId;
    private final String symbol;
    private final String interval;

    private long count; // bars fed so far
    private long lastTs = Long.MIN_VALUE;

    private final double[] closes = new double[CLOSE_RING];
    private final double[] rets = new double[VOL_N];
    private final double[] volumes = new double[VOLUME_N];

    private double rsiGain;
    private double rsiLoss;
    private double emaFast; // sum while seeding, then EMA
    private double emaSlow;
    private double signal;
    private double ema20;
    private double ema50;
    private double atr; // sum of true ranges while seeding, then Wilder ATR

    private FeatureEngine(String specId, String symbol, String interval) {
        this.specId = specId;
        this.symbol = symbol;
        this.interval = interval;
    }

    /**
     * A fresh engine for one symbol and bar interval; throws {@link IllegalArgumentException} for a
     * feature set the engine does not implement.
     */
    public static FeatureEngine create(FeatureSetSpec spec, String symbol, String interval) {
        if (!FeatureSets.isKnown(spec)) {
            throw new IllegalArgumentException(
                    "unknown feature set "
                            + (spec == null ? "null" : "'" + spec.id() + "' " + spec.featureNames())
                            + ": the engine implements "
                            + FeatureSets.ids());
        }
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("feature engine needs a symbol");
        }
        if (interval == null || interval.isBlank()) {
            throw new IllegalArgumentException("feature engine needs a bar interval, e.g. 1m");
        }
        return new FeatureEngine(spec.id(), symbol, interval);
    }

    /** Warm-up (bars before the first valid value) of each feature of {@code spec}, in order. */
    public static Map<String, Integer> warmups(FeatureSetSpec spec) {
        if (!FeatureSets.isKnown(spec)) {
            throw new IllegalArgumentException(
                    "unknown feature set '" + spec.id() + "': known are " + FeatureSets.ids());
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < WARMUP.length; i++) m.put(spec.featureNames().get(i), WARMUP[i]);
        return Collections.unmodifiableMap(m);
    }

    /** Bars until the first warm row: row index {@code >= warmupBars()} is warm. */
    public int warmupBars() {
        return WARMUP_BARS;
    }

    /** Timestamp of the last bar fed, {@link Long#MIN_VALUE} if none. */
    public long lastTs() {
        return lastTs;
    }

    /** Number of bars fed so far. */
    public long barsSeen() {
        return count;
    }

    public String symbol() {
        return symbol;
    }

    public String interval() {
        return interval;
    }

    /**
     * Feeds the next bar of this symbol and returns its features. Bars must belong to this symbol
     * and interval, be valid ({@link Bar#invalidReason()}) and have strictly increasing {@code ts};
     * otherwise {@link IllegalArgumentException} and the state is unchanged.
     */
    public FeatureRow update(Bar bar) {
        if (bar == null) throw new IllegalArgumentException("bar is null");
        if (!symbol.equals(bar.symbol())) {
            throw new IllegalArgumentException(
                    "bar of symbol '"
                            + bar.symbol()
                            + "' fed to the feature engine of '"
                            + symbol
                            + "': partition bars by symbol");
        }
        if (!interval.equals(bar.interval())) {
            throw new IllegalArgumentException(
                    "bar of interval '"
                            + bar.interval()
                            + "' fed to the feature engine of "
                            + symbol
                            + " "
                            + interval);
        }
        if (bar.ts() <= lastTs) {
            throw new IllegalArgumentException(
                    "bars of "
                            + symbol
                            + " must have strictly increasing ts: got "
                            + bar.ts()
                            + " after "
                            + lastTs
                            + " (sort by ts and drop duplicates first)");
        }
        String bad = bar.invalidReason();
        if (bad != null) {
            throw new IllegalArgumentException(
                    "invalid bar " + symbol + " ts=" + bar.ts() + ": " + bad);
        }

        final long i = count;
        final double c = bar.close();
        final double prevClose = i >= 1 ? closeAt(i - 1) : Double.NaN; // read before the ring moves
        final double[] v = new double[WARMUP.length];
        java.util.Arrays.fill(v, Double.NaN);

        closes[(int) (i % CLOSE_RING)] = c;
        volumes[(int) (i % VOLUME_N)] = bar.volume();

        // log returns
        if (i >= 1) {
            double r1 = StrictMath.log(c / prevClose);
            rets[(int) (i % VOL_N)] = r1;
            v[0] = r1;
        }
        if (i >= 4) v[1] = StrictMath.log(c / closeAt(i - 4));
        if (i >= 24) v[2] = StrictMath.log(c / closeAt(i - 24));

        // RSI(14), Wilder, operation order of TA-Lib's TA_RSI
        if (i >= 1) {
            double diff = c - prevClose;
            if (i <= RSI_N) {
                if (diff < 0) rsiLoss -= diff;
                else rsiGain += diff;
                if (i == RSI_N) {
                    rsiLoss /= RSI_N;
                    rsiGain /= RSI_N;
                }
            } else {
                rsiLoss *= (RSI_N - 1);
                rsiGain *= (RSI_N - 1);
                if (diff < 0) rsiLoss -= diff;
                else rsiGain += diff;
                rsiLoss /= RSI_N;
                rsiGain /= RSI_N;
            }
            if (i >= RSI_N) {
                double t = rsiGain + rsiLoss;
                v[3] = (-TA_EPS < t && t < TA_EPS) ? 0.0 : 100.0 * (rsiGain / t);
            }
        }

        // MACD(12,26,9) exactly as TA-Lib's TA_INT_MACD: both EMAs are emitted from bar 25; the
        // slow one is seeded with SMA(closes 0..25), the fast one with SMA(closes 14..25).
        if (i <= MACD_LINE_START) {
            emaSlow += c;
            if (i >= MACD_LINE_START - MACD_FAST + 1) emaFast += c;
            if (i == MACD_LINE_START) {
                emaSlow = emaSlow / MACD_SLOW;
                emaFast = emaFast / MACD_FAST;
            }
        } else {
            emaSlow = ((c - emaSlow) * K_SLOW) + emaSlow;
            emaFast = ((c - emaFast) * K_FAST) + emaFast;
        }
        if (i >= MACD_LINE_START) {
            double macd = emaFast - emaSlow;
            if (i <= MACD_START) {
                signal += macd;
                if (i == MACD_START) signal = signal / MACD_SIGNAL;
            } else {
                signal = ((macd - signal) * K_SIGNAL) + signal;
            }
            if (i >= MACD_START) {
                v[4] = macd;
                v[5] = signal;
                v[6] = macd - signal;
            }
        }

        // SMA ratios (sums recomputed from the ring: no drift however long the engine runs)
        if (i >= 19) v[7] = c / sma(i, 20);
        if (i >= 49) v[8] = c / sma(i, 50);

        // EMA ratios, seeded with the SMA of the first N closes (TA-Lib default compatibility)
        ema20 = ema(ema20, c, i, 20, K_EMA20);
        ema50 = ema(ema50, c, i, 50, K_EMA50);
        if (i >= 19) v[9] = c / ema20;
        if (i >= 49) v[10] = c / ema50;

        // Bollinger(20, 2) with population std
        if (i >= BB_N - 1) {
            double mid = sma(i, BB_N);
            double ss = 0;
            for (int k = BB_N - 1; k >= 0; k--) {
                double d = closeAt(i - k) - mid;
                ss += d * d;
            }
            double sd = Math.sqrt(ss / BB_N);
            if (sd <= FLAT_REL * Math.abs(mid)) {
                v[11] = 0.5;
                v[12] = 0.0;
            } else {
                double upper = mid + BB_K * sd;
                double lower = mid - BB_K * sd;
                v[11] = (c - lower) / (upper - lower);
                v[12] = (upper - lower) / mid;
            }
        }

        // ATR(14)/close: true range from bar 1, first ATR = SMA of TR 1..14, then Wilder
        if (i >= 1) {
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
            if (i >= ATR_N) v[13] = atr / c;
        }

        // rolling volatility: SAMPLE std (n-1) of the last 24 one-bar log returns
        if (i >= VOL_N) {
            double s = 0;
            for (int k = VOL_N - 1; k >= 0; k--) s += rets[(int) ((i - k) % VOL_N)];
            double m = s / VOL_N;
            double ss = 0;
            for (int k = VOL_N - 1; k >= 0; k--) {
                double d = rets[(int) ((i - k) % VOL_N)] - m;
                ss += d * d;
            }
            v[14] = Math.sqrt(ss / (VOL_N - 1));
        }

        // volume z-score over the last 24 volumes incl. this bar, POPULATION std; flat → 0
        if (i >= VOLUME_N - 1) {
            double s = 0;
            for (int k = VOLUME_N - 1; k >= 0; k--) s += volumes[(int) ((i - k) % VOLUME_N)];
            double m = s / VOLUME_N;
            double ss = 0;
            for (int k = VOLUME_N - 1; k >= 0; k--) {
                double d = volumes[(int) ((i - k) % VOLUME_N)] - m;
                ss += d * d;
            }
            double sd = Math.sqrt(ss / VOLUME_N);
            v[15] = (sd == 0.0 || sd <= FLAT_REL * Math.abs(m)) ? 0.0 : (bar.volume() - m) / sd;
        }

        // calendar encodings of the bar open time (UTC); Monday = 0
        long ts = bar.ts();
        int hour = (int) (Math.floorMod(ts, 86_400_000L) / 3_600_000L);
        int dow = (int) Math.floorMod(Math.floorDiv(ts, 86_400_000L) + 3, 7L);
        v[16] = HOUR_SIN[hour];
        v[17] = HOUR_COS[hour];
        v[18] = DOW_SIN[dow];
        v[19] = DOW_COS[dow];

        count = i + 1;
        lastTs = ts;
        return new FeatureRow(symbol, interval, ts, specId, i >= WARMUP_BARS, v);
    }

    /**
     * The engine state as a small self-contained byte array (about 1 KiB): a magic number and
     * format version, feature set id, symbol, interval, counters, ring buffers and scalars. {@code
     * restore(snapshot())} continues exactly like this engine.
     */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bos);
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeShort(SNAPSHOT_VERSION);
            out.writeUTF(specId);
            out.writeUTF(symbol);
            out.writeUTF(interval);
            out.writeLong(count);
            out.writeLong(lastTs);
            for (double d : closes) out.writeDouble(d);
            for (double d : rets) out.writeDouble(d);
            for (double d : volumes) out.writeDouble(d);
            for (double d :
                    new double[] {rsiGain, rsiLoss, emaFast, emaSlow, signal, ema20, ema50, atr}) {
                out.writeDouble(d);
            }
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    /** Rebuilds an engine from {@link #snapshot()}; a clear error for bytes of another format. */
    public static FeatureEngine restore(byte[] state) {
        if (state == null || state.length < 6) {
            throw new IllegalArgumentException("not a feature engine snapshot (too short)");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            int magic = in.readInt();
            if (magic != SNAPSHOT_MAGIC) {
                throw new IllegalArgumentException("not a feature engine snapshot (bad header)");
            }
            short version = in.readShort();
            if (version != SNAPSHOT_VERSION) {
                throw new IllegalArgumentException(
                        "feature engine snapshot version "
                                + version
                                + " is not supported (this build reads "
                                + SNAPSHOT_VERSION
                                + "): recompute features from bars");
            }
            String specId = in.readUTF();
            FeatureSets.byId(specId); // unknown set → clear error
            FeatureEngine e = new FeatureEngine(specId, in.readUTF(), in.readUTF());
            e.count = in.readLong();
            e.lastTs = in.readLong();
            if (e.count < 0) throw new IllegalArgumentException("corrupt snapshot: negative count");
            for (int k = 0; k < e.closes.length; k++) e.closes[k] = in.readDouble();
            for (int k = 0; k < e.rets.length; k++) e.rets[k] = in.readDouble();
            for (int k = 0; k < e.volumes.length; k++) e.volumes[k] = in.readDouble();
            e.rsiGain = in.readDouble();
            e.rsiLoss = in.readDouble();
            e.emaFast = in.readDouble();
            e.emaSlow = in.readDouble();
            e.signal = in.readDouble();
            e.ema20 = in.readDouble();
            e.ema50 = in.readDouble();
            e.atr = in.readDouble();
            if (in.available() != 0) {
                throw new IllegalArgumentException(
                        "corrupt feature engine snapshot (trailing bytes)");
            }
            return e;
        } catch (IOException ex) {
            throw new IllegalArgumentException("corrupt feature engine snapshot (truncated)", ex);
        }
    }

    /**
     * Features of the bars of one symbol in time order, in one pass through a fresh engine (the
     * reference the Spark job and the live path must equal). Symbol and interval come from the
     * first bar.
     */
    public static List<FeatureRow> computeAll(
            FeatureSetSpec spec, List<Bar> barsOfOneSymbolInTimeOrder) {
        List<FeatureRow> out = new ArrayList<>(barsOfOneSymbolInTimeOrder.size());
        if (barsOfOneSymbolInTimeOrder.isEmpty()) {
            if (!FeatureSets.isKnown(spec)) create(spec, "-", "-"); // same error as create
            return out;
        }
        Bar first = barsOfOneSymbolInTimeOrder.get(0);
        FeatureEngine e = create(spec, first.symbol(), first.interval());
        for (Bar b : barsOfOneSymbolInTimeOrder) out.add(e.update(b));
        return out;
    }

    /** Close of bar index {@code idx}; valid for the last {@value #CLOSE_RING} bars. */
    private double closeAt(long idx) {
        return closes[(int) (idx % CLOSE_RING)];
    }

    /** SMA of the {@code n} closes ending at bar {@code i}, summed oldest first. */
    private double sma(long i, int n) {
        double s = 0;
        for (int k = n - 1; k >= 0; k--) s += closeAt(i - k);
        return s / n;
    }

    private static double ema(double state, double c, long i, int n, double k) {
        if (i < n - 1) return state + c;
        if (i == n - 1) return (state + c) / n;
        return ((c - state) * k) + state;
    }

    private static int max(int[] a) {
        int m = 0;
        for (int x : a) m = Math.max(m, x);
        return m;
    }
}
