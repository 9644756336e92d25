package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.Table;
import java.util.List;
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
 * The silver step of ingest: accepted bars merged with the stored {@code silver/bars} of the same
 * series, the newest ingest winning on a key (a bar completed from a stored open part replaces that
 * part), gap flags recomputed, {@code volume_known} set from the volume.
 */
final class SilverBars {

    private SilverBars() {}

    record Result(long version, long gaps) {}

    /** {@code complete} of stored silver bars (true for tables written before the column). */
    private static Column storedComplete(Dataset<Row> stored) {
        return List.of(stored.columns()).contains("complete")
                ? org.apache.spark.sql.functions.coalesce(col("complete"), lit(true))
                : lit(true);
    }

    /**
     * Silver: the new bars plus the stored bars of the same symbols, the newest ingest winning on a
     * key, gap flags recomputed over the whole series, then MERGEd (only changed rows are written).
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
        if (store.exists(Table.BARS)) {
            Dataset<Row> keys = bars.select("symbol", "interval").distinct();
            Dataset<Row> stored = store.read(Table.BARS);
            Dataset<Row> old =
                    stored.join(
                                    keys,
                                    stored.col("symbol")
                                            .equalTo(keys.col("symbol"))
                                            .and(
                                                    stored.col("interval")
                                                            .equalTo(keys.col("interval"))),
                                    "left_semi")
                            .withColumn("complete", storedComplete(stored))
                            .select(sel)
                            .withColumn("_prio", lit(1));
            all = fresh.unionByName(old);
        }
        WindowSpec byKey =
                Window.partitionBy("symbol", "interval", "ts").orderBy("_prio", "source");
        WindowSpec series = Window.partitionBy("symbol", "interval").orderBy("ts");
        Dataset<Row> silver =
                all.withColumn("_r", row_number().over(byKey))
                        .filter(col("_r").equalTo(1))
                        .drop("_r", "_prio")
                        .withColumn("_prev", lag("ts", 1).over(series))
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
                                                                                col("interval")))))
                        .withColumn(
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
            long v = store.merge(Table.BARS, silver).version();
            return new Result(v, gaps);
        } finally {
            silver.unpersist();
        }
    }
}
