package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.batch.BarsChanges;
import dev.algotrader.batch.SeriesRange;
import dev.algotrader.batch.SymbolPartitions;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The silver step of ingest: accepted bars merged with the stored {@code silver/bars} around them
 * (only the key range the new bars affect is read and written), the newest ingest winning on a key
 * (a bar completed from a stored open part replaces that part), gap flags recomputed, {@code
 * volume_known} set from the volume.
 */
final class SilverBars {

    private SilverBars() {}

    record Result(long version, long gaps) {}

    /** How far around the new range the stored neighbours are looked for first (a day). */
    private static final long NEAR = 86_400_000L;

    private static final long NONE = Long.MIN_VALUE;

    /** {@code complete} of stored silver bars (true for tables written before the column). */
    private static Column storedComplete(Dataset<Row> stored) {
        return List.of(stored.columns()).contains("complete")
                ? org.apache.spark.sql.functions.coalesce(col("complete"), lit(true))
                : lit(true);
    }

    /**
     * Silver: the new bars plus the stored bars of their series that the merge can affect, the
     * newest ingest winning on a key, gap flags recomputed, then MERGEd (only changed rows are
     * written). Read per series: the stored bars from the last one before the new range to the
     * first one after it ({@link #window}); written: the bars from the start of the new range to
     * that first one after it (its gap flag may change), nothing before. {@code gaps} counts the
     * gaps among the written bars (on the first ingest: all of them).
     */
    static Result merge(DeltaStore store, Dataset<Row> bars) {
        SparkSession spark = store.spark();
        spark.udf()
                .register(
                        "interval_millis",
                        (UDF1<String, Long>) s -> BarInterval.parse(s).millis(),
                        DataTypes.LongType);
        List<String> cols = new java.util.ArrayList<>(BarRow.COLUMNS);
        cols.addAll(List.of("source", "complete"));
        Column[] sel =
                cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> fresh = bars.select(sel).withColumn("_prio", lit(0));
        Dataset<Row> all = fresh;
        Column written = null;
        List<SeriesRange> news = new ArrayList<>();
        if (store.exists(Table.BARS)) {
            List<Row> ranges =
                    bars.groupBy("symbol", "interval").agg(min("ts"), max("ts")).collectAsList();
            if (ranges.isEmpty()) return new Result(store.version(Table.BARS), 0);
            Dataset<Row> stored = store.read(Table.BARS);
            for (Row r : ranges) {
                news.add(
                        new SeriesRange(
                                r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)));
            }
            Dataset<Row> old =
                    stored.filter(SeriesRange.any(window(stored, news)))
                            .withColumn("complete", storedComplete(stored))
                            .select(sel)
                            .withColumn("_prio", lit(1));
            all = fresh.unionByName(old);
            for (SeriesRange r : news) {
                Column c = r.series().and(col("ts").geq(r.from()));
                written = written == null ? c : written.or(c);
            }
        }
        // both windows are partitioned by the symbols' placement first: one shuffle spreads the
        // symbols over the partitions (hashing the names may put them all in one) and serves both
        String part = SymbolPartitions.COLUMN;
        WindowSpec byKey =
                Window.partitionBy(part, "symbol", "interval", "ts").orderBy("_prio", "source");
        WindowSpec series = Window.partitionBy(part, "symbol", "interval").orderBy("ts");
        List<String> symbols =
                news.isEmpty() ? null : news.stream().map(SeriesRange::symbol).toList();
        // the newest ingest wins on a key; bars of one source, with nothing stored, are unique on
        // it already (ingest quarantined a source's repeated bar times): no ranking
        Dataset<Row> unique =
                written == null && oneSource(fresh)
                        ? SymbolPartitions.tagged(fresh, symbols).drop("_prio")
                        : SymbolPartitions.tagged(all, symbols)
                                .withColumn("_r", row_number().over(byKey))
                                .filter(col("_r").equalTo(1))
                                .drop("_r", "_prio");
        Dataset<Row> flagged =
                unique.withColumn("_prev", lag("ts", 1).over(series))
                        .withColumn(
                                "gap_before",
                                col("_prev")
                                        .isNotNull()
                                        .and(
                                                col("ts")
                                                        .minus(col("_prev"))
                                                        .gt(
                                                                org.apache.spark.sql.functions
                                                                        .call_udf(
                                                                                "interval_millis",
                                                                                col("interval")))));
        if (written != null) flagged = flagged.filter(written);
        Dataset<Row> silver =
                flagged.withColumn(
                                "bar_time",
                                org.apache.spark.sql.functions.expr("timestamp_millis(ts)"))
                        .withColumn("date", to_date(col("bar_time")))
                        .select(
                                col("symbol"),
                                col("interval"),
                                col("ts"),
                                col("bar_time"),
                                col("date"),
                                col("open"),
                                col("high"),
                                col("low"),
                                col("close"),
                                col("volume"),
                                col("gap_before"),
                                col("source"),
                                col("complete"),
                                col("volume").gt(0).as("volume_known"))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long gaps = silver.filter(col("gap_before")).count();
            long v =
                    news.isEmpty()
                            ? store.merge(Table.BARS, silver).version()
                            : BarsChanges.recording(
                                            spark, news, () -> store.merge(Table.BARS, silver))
                                    .version();
            return new Result(v, gaps);
        } finally {
            silver.unpersist();
        }
    }

    /** Whether {@code bars} come from one source at most. */
    private static boolean oneSource(Dataset<Row> bars) {
        return bars.select("source").distinct().limit(2).count() <= 1;
    }

    /**
     * Per series, the stored bars a merge of its new range can affect or needs: from the last
     * stored bar before the range (the previous bar of the range's first) to the first stored bar
     * after it (its previous bar may change). Both are looked up within {@link #NEAR} of the range
     * first (a few files); only a series without one there is searched further on that side, where
     * Delta skips the files whose {@code ts} statistics cannot hold a bar.
     */
    private static List<SeriesRange> window(Dataset<Row> stored, List<SeriesRange> news) {
        List<SeriesRange> near = new ArrayList<>();
        for (SeriesRange r : news) {
            near.add(new SeriesRange(r.symbol(), r.interval(), r.from() - NEAR, r.to() + NEAR));
        }
        Map<String, long[]> found = neighbours(stored, news, near);
        List<SeriesRange> far = new ArrayList<>();
        for (SeriesRange r : news) {
            long[] n = found.get(key(r.symbol(), r.interval()));
            if (n[0] == NONE) {
                far.add(
                        new SeriesRange(
                                r.symbol(), r.interval(), SeriesRange.OPEN_START, r.from() - 1));
            }
            if (n[1] == NONE) {
                far.add(
                        new SeriesRange(
                                r.symbol(), r.interval(), r.to() + 1, SeriesRange.OPEN_END));
            }
        }
        if (!far.isEmpty()) {
            Map<String, long[]> further = neighbours(stored, news, far);
            for (var e : further.entrySet()) {
                long[] n = found.get(e.getKey());
                if (n[0] == NONE) n[0] = e.getValue()[0];
                if (n[1] == NONE) n[1] = e.getValue()[1];
            }
        }
        List<SeriesRange> out = new ArrayList<>();
        for (SeriesRange r : news) {
            long[] n = found.get(key(r.symbol(), r.interval()));
            out.add(
                    new SeriesRange(
                            r.symbol(),
                            r.interval(),
                            n[0] == NONE ? r.from() : n[0],
                            n[1] == NONE ? r.to() : n[1]));
        }
        return out;
    }

    /**
     * Per series of {@code news}: the last stored ts before its range and the first after it, among
     * the stored rows in {@code where} ({@link #NONE} when there is none).
     */
    private static Map<String, long[]> neighbours(
            Dataset<Row> stored, List<SeriesRange> news, List<SeriesRange> where) {
        Column before = null, after = null;
        for (SeriesRange r : news) {
            Column b = r.series().and(col("ts").lt(r.from()));
            Column a = r.series().and(col("ts").gt(r.to()));
            before = before == null ? b : before.or(b);
            after = after == null ? a : after.or(a);
        }
        Map<String, long[]> out = new HashMap<>();
        for (SeriesRange r : news) out.put(key(r.symbol(), r.interval()), new long[] {NONE, NONE});
        for (Row r :
                stored.filter(SeriesRange.any(where))
                        .groupBy("symbol", "interval")
                        .agg(max(when(before, col("ts"))), min(when(after, col("ts"))))
                        .collectAsList()) {
            long[] n = out.get(key(r.getString(0), r.getString(1)));
            if (n == null) continue;
            if (!r.isNullAt(2)) n[0] = r.getLong(2);
            if (!r.isNullAt(3)) n[1] = r.getLong(3);
        }
        return out;
    }

    private static String key(String symbol, String interval) {
        return symbol + '\u0000' + interval;
    }
}
