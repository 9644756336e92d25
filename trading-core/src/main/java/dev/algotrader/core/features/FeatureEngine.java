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
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental feature engine of one symbol: one bar in, one {@link FeatureRow} out. A feature set
 * ({@link FeatureSets}) is an ordered list of {@link FeatureUnit}s, each declaring its columns,
 * warm-up and incremental update in one place; the engine validates the bar, moves the shared
 * {@link BarWindow} and feeds every unit in order. {@code core_v1} ({@link FeatureSetSpec#DEFAULT},
 * units in {@link CoreV1}) reproduces TA-Lib's definitions; Ta4j and TA-Lib are the test oracles.
 * The state is a few ring buffers (closes 50, 1-bar log returns 24, volumes 24) and a dozen
 * scalars, so it fits Flink keyed state; {@link #snapshot()} / {@link #restore(byte[])} round-trip
 * it bit for bit.
 *
 * <p>All transcendental functions use {@link StrictMath}, so the same bars give bit-identical rows
 * on every JVM and CPU (Spark executors, Flink task managers, a laptop).
 *
 * <p>Bars are counted, not timed: "24 bars" means the last 24 bars fed, whatever gaps lie between
 * them (silver bars flag gaps; the engine does not fill them).
 */
public final class FeatureEngine implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Snapshot header: "FEN1" then a format version. */
    private static final int SNAPSHOT_MAGIC = 0x46454E31;

    /** The format version {@link #snapshot()} writes (its header carries it). */
    public static final short SNAPSHOT_VERSION = 1;

    private final String specId;
    private final String symbol;
    private final String interval;
    private final BarWindow window;
    private final List<FeatureUnit> units;
    private final int width;
    private final int warmupBars;

    private long count; // bars fed so far
    private long lastTs = Long.MIN_VALUE;

    private FeatureEngine(String specId, String symbol, String interval) {
        this.specId = specId;
        this.symbol = symbol;
        this.interval = interval;
        this.window = FeatureSets.window(specId);
        this.units = FeatureSets.units(specId);
        int n = 0;
        int w = 0;
        for (FeatureUnit u : units) {
            n += u.names().size();
            w = Math.max(w, u.warmup());
        }
        this.width = n;
        this.warmupBars = w;
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
        for (FeatureUnit u : FeatureSets.units(spec.id())) {
            for (String name : u.names()) m.put(name, u.warmup());
        }
        return Collections.unmodifiableMap(m);
    }

    /** Bars until the first warm row: row index {@code >= warmupBars()} is warm. */
    public int warmupBars() {
        return warmupBars;
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
        window.push(i, bar);
        final double[] v = new double[width];
        Arrays.fill(v, Double.NaN);
        int at = 0;
        for (FeatureUnit u : units) {
            u.update(window, bar, v, at);
            at += u.names().size();
        }
        count = i + 1;
        lastTs = bar.ts();
        return new FeatureRow(symbol, interval, bar.ts(), specId, i >= warmupBars, v);
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
            window.write(out);
            for (FeatureUnit u : units) u.writeState(out);
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
            e.window.read(in, e.count);
            for (FeatureUnit u : e.units) u.readState(in);
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
}
