package dev.algotrader.batch.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@code algo-trader status} shows about the data: per table version, rows, data files and
 * their size (many small files = time for {@code OPTIMIZE}), latest bars.
 */
public record TableStatus(
        List<TableInfo> tables, List<LatestBar> latestBars, long bronzeNotInSilver) {

    /** One table: its path, whether it exists, its Delta version, rows, data files and bytes. */
    public record TableInfo(
            String table, boolean exists, long version, long rows, long files, long bytes) {
        /** Size of the data files in MB (10^6 bytes). */
        public double megabytes() {
            return bytes / 1e6;
        }
    }

    /** The newest bar of one symbol and interval in {@code silver/bars}. */
    public record LatestBar(String symbol, String interval, long ts, long bars) {
        public String time() {
            return Instant.ofEpochMilli(ts).toString();
        }
    }

    /** Reads the status of every table of {@link Table} below the store's root. */
    public static TableStatus of(DeltaStore store) {
        List<TableInfo> infos = new ArrayList<>();
        for (Table t : Table.values()) {
            if (!store.exists(t)) {
                infos.add(new TableInfo(t.path(), false, -1, 0, 0, 0));
                continue;
            }
            DeltaStore.Files f = store.files(t);
            infos.add(
                    new TableInfo(
                            t.path(),
                            true,
                            store.version(t),
                            store.read(t).count(),
                            f.count(),
                            f.bytes()));
        }
        List<LatestBar> latest = new ArrayList<>();
        if (store.exists(Table.BARS)) {
            for (Row r :
                    store.read(Table.BARS)
                            .groupBy("symbol", "interval")
                            .agg(max("ts").as("ts"), count("*").as("n"))
                            .orderBy(col("symbol"), col("interval"))
                            .collectAsList()) {
                latest.add(
                        new LatestBar(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return new TableStatus(List.copyOf(infos), List.copyOf(latest), bronzeNotInSilver(store));
    }

    /**
     * As {@link #of(DeltaStore)} without Spark, through Delta Kernel: versions, files and bytes
     * from the log, rows from the per-file row counts of the log (a scan where a file has none),
     * latest bars and the bronze-vs-silver check from a key-only read.
     */
    public static TableStatus of(LakeReader lake) {
        return of(lake, Runnable::run);
    }

    /**
     * As {@link #of(LakeReader)}, each table's log and the two key reads as tasks of {@code pool}.
     */
    public static TableStatus of(LakeReader lake, Executor pool) {
        List<CompletableFuture<TableInfo>> infos = new ArrayList<>();
        for (Table t : Table.values())
            infos.add(CompletableFuture.supplyAsync(() -> info(lake, t), pool));
        CompletableFuture<SilverKeys> silver =
                CompletableFuture.supplyAsync(() -> silverKeys(lake), pool);
        CompletableFuture<Map<List<String>, SeriesTimes>> bronze =
                CompletableFuture.supplyAsync(() -> keys(lake, Table.BARS_RAW), pool);
        List<TableInfo> tables = new ArrayList<>();
        for (CompletableFuture<TableInfo> f : infos) tables.add(join(f));
        SilverKeys s = join(silver);
        List<LatestBar> latest = new ArrayList<>();
        s.series().forEach((k, a) -> latest.add(new LatestBar(k.get(0), k.get(1), a[0], a[1])));
        long missing = 0;
        for (var e : join(bronze).entrySet()) {
            SeriesTimes stored = s.keys().get(e.getKey());
            missing += e.getValue().countNotIn(stored == null ? SeriesTimes.EMPTY : stored);
        }
        return new TableStatus(List.copyOf(tables), List.copyOf(latest), missing);
    }

    private static TableInfo info(LakeReader lake, Table t) {
        if (!lake.exists(t)) return new TableInfo(t.path(), false, -1, 0, 0, 0);
        LakeReader.Facts f = lake.facts(t);
        long rows =
                f.rowsKnown()
                        ? f.rows()
                        : lake.read(t.path(), LakeFilter.all(), List.of(t.key().get(0))).size();
        return new TableInfo(t.path(), true, f.version(), rows, f.files(), f.bytes());
    }

    /** Per (symbol, interval): newest ts and bar count; and every bar's time. */
    private record SilverKeys(
            Map<List<String>, long[]> series, Map<List<String>, SeriesTimes> keys) {}

    /**
     * The bar times of one series as a growing primitive array, sorted and deduplicated once read:
     * a key set of strings cost most of {@code status}'s time on millions of bars.
     */
    private static final class SeriesTimes {
        static final SeriesTimes EMPTY = new SeriesTimes();
        private long[] ts = new long[16];
        private int n;
        private boolean sorted;

        void add(long t) {
            if (n == ts.length) ts = Arrays.copyOf(ts, n * 2);
            ts[n++] = t;
            sorted = false;
        }

        private void sort() {
            if (sorted) return;
            Arrays.sort(ts, 0, n);
            int w = 0;
            for (int i = 0; i < n; i++) if (w == 0 || ts[i] != ts[w - 1]) ts[w++] = ts[i];
            n = w;
            sorted = true;
        }

        /** How many distinct times of this series {@code other} does not hold. */
        long countNotIn(SeriesTimes other) {
            sort();
            other.sort();
            long missing = 0;
            int j = 0;
            for (int i = 0; i < n; i++) {
                while (j < other.n && other.ts[j] < ts[i]) j++;
                if (j == other.n || other.ts[j] != ts[i]) missing++;
            }
            return missing;
        }
    }

    private static SilverKeys silverKeys(LakeReader lake) {
        Map<List<String>, long[]> series =
                new TreeMap<>(
                        Comparator.<List<String>, String>comparing(k -> k.get(0))
                                .thenComparing(k -> k.get(1)));
        Map<List<String>, SeriesTimes> silverKeys = new HashMap<>();
        if (lake.exists(Table.BARS)) {
            lake.scan(
                    Table.BARS.path(),
                    LakeFilter.all(),
                    List.of("symbol", "interval", "ts"),
                    r -> {
                        long ts = r.getLong("ts");
                        List<String> k =
                                Arrays.asList(r.getString("symbol"), r.getString("interval"));
                        long[] a = series.computeIfAbsent(k, x -> new long[] {Long.MIN_VALUE, 0});
                        a[0] = Math.max(a[0], ts);
                        a[1]++;
                        silverKeys.computeIfAbsent(k, x -> new SeriesTimes()).add(ts);
                    });
        }
        return new SilverKeys(series, silverKeys);
    }

    /** The bar times of a table per (symbol, interval) (empty when it does not exist). */
    private static Map<List<String>, SeriesTimes> keys(LakeReader lake, Table table) {
        Map<List<String>, SeriesTimes> keys = new HashMap<>();
        if (lake.exists(table)) {
            lake.scan(
                    table.path(),
                    LakeFilter.all(),
                    List.of("symbol", "interval", "ts"),
                    r ->
                            keys.computeIfAbsent(
                                            Arrays.asList(
                                                    r.getString("symbol"), r.getString("interval")),
                                            x -> new SeriesTimes())
                                    .add(r.getLong("ts")));
        }
        return keys;
    }

    /** The task's value; its failure thrown as the task threw it. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    /**
     * Bars (distinct symbol, interval, ts) of {@code bronze/bars_raw} whose key is absent from
     * {@code silver/bars}: what an ingest interrupted between its bronze and silver writes leaves.
     * A key-only anti-join (three columns read from each table), 0 when there is no bronze table.
     */
    public static long bronzeNotInSilver(DeltaStore store) {
        if (!store.exists(Table.BARS_RAW)) return 0;
        Dataset<Row> bronze = store.read(Table.BARS_RAW).select("symbol", "interval", "ts");
        if (!store.exists(Table.BARS)) return bronze.distinct().count();
        Dataset<Row> silver = store.read(Table.BARS).select("symbol", "interval", "ts");
        return bronze.join(
                        silver,
                        bronze.col("symbol")
                                .equalTo(silver.col("symbol"))
                                .and(bronze.col("interval").equalTo(silver.col("interval")))
                                .and(bronze.col("ts").equalTo(silver.col("ts"))),
                        "left_anti")
                .distinct()
                .count();
    }

    /**
     * The status line about {@link #bronzeNotInSilver}, or null when every bronze bar is in silver.
     */
    public String bronzeLine() {
        if (bronzeNotInSilver == 0) return null;
        return String.format(
                "bronze/bars_raw: %,d bar(s) never reached silver/bars (an interrupted ingest?):"
                        + " run `algo-trader ingest` again to repair",
                bronzeNotInSilver);
    }

    /** Terminal lines: one per table, then one per symbol. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format("%-22s %8s %12s %7s %9s", "table", "version", "rows", "files", "MB"));
        for (TableInfo t : tables) {
            out.add(
                    t.exists()
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "%-22s %8d %,12d %,7d %9.2f",
                                    t.table(),
                                    t.version(),
                                    t.rows(),
                                    t.files(),
                                    t.megabytes())
                            : String.format("%-22s %8s %12s", t.table(), "-", "(none)"));
        }
        if (bronzeLine() != null) out.add(bronzeLine());
        if (!latestBars.isEmpty()) {
            out.add("");
            out.add(
                    String.format(
                            "%-12s %-8s %-26s %10s",
                            "symbol", "interval", "latest bar (UTC)", "bars"));
            for (LatestBar b : latestBars) {
                out.add(
                        String.format(
                                "%-12s %-8s %-26s %,10d",
                                b.symbol(), b.interval(), b.time(), b.bars()));
            }
        }
        return out;
    }
}
