package dev.algotrader.batch.labels;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.algotrader.lake.DeltaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The labels job's saved state: per (symbol, interval) the newest bar of the last run and how many
 * bars it had up to it, for the horizon and dead band it ran with. A series is continued only when
 * the count of its bars up to that point is unchanged (no old bar inserted or removed).
 */
final class LabelState {

    private static final List<String> KEY = List.of("symbol", "interval");

    private final DeltaStore store;
    private final String table;
    private final long horizonMillis;
    private final double deadBand;
    private int continued;

    LabelState(DeltaStore store, String table, long horizonMillis, double deadBand) {
        this.store = store;
        this.table = table;
        this.horizonMillis = horizonMillis;
        this.deadBand = deadBand;
    }

    /** Series continued by the last {@link #newBars} call. */
    int continued() {
        return continued;
    }

    /**
     * The bars to label: of a continued series those after {@code last_ts - horizon} (the only ones
     * whose label can change), of every other series all.
     */
    Dataset<Row> newBars(Dataset<Row> bars) {
        continued = 0;
        if (!store.exists(table)) return bars;
        List<Row> saved =
                store.read(table)
                        .filter(
                                col("horizon_ms")
                                        .equalTo(horizonMillis)
                                        .and(col("dead_band").equalTo(deadBand)))
                        .select("symbol", "interval", "last_ts", "bars_seen")
                        .collectAsList();
        if (saved.isEmpty()) return bars;
        StructType cutSchema =
                new StructType()
                        .add("symbol", DataTypes.StringType)
                        .add("interval", DataTypes.StringType)
                        .add("last_ts", DataTypes.LongType);
        List<Row> lasts = new ArrayList<>();
        for (Row r : saved) lasts.add(RowFactory.create(r.get(0), r.get(1), r.get(2)));
        Dataset<Row> st = bars.sparkSession().createDataFrame(lasts, cutSchema);
        Map<String, Long> seen = new HashMap<>();
        for (Row r :
                bars.join(broadcast(st), seq())
                        .filter(col("ts").leq(col("last_ts")))
                        .groupBy("symbol", "interval")
                        .agg(count("*"))
                        .collectAsList()) {
            seen.put(r.getString(0) + '\u0000' + r.getString(1), r.getLong(2));
        }
        List<Row> cuts = new ArrayList<>();
        for (Row r : saved) {
            Long now = seen.get(r.getString(0) + '\u0000' + r.getString(1));
            if (now != null && now == r.getLong(3)) {
                cuts.add(RowFactory.create(r.get(0), r.get(1), r.getLong(2) - horizonMillis));
                continued++;
            }
        }
        if (cuts.isEmpty()) return bars;
        Dataset<Row> cut =
                bars.sparkSession()
                        .createDataFrame(
                                cuts,
                                new StructType()
                                        .add("symbol", DataTypes.StringType)
                                        .add("interval", DataTypes.StringType)
                                        .add("_cut", DataTypes.LongType));
        return bars.join(broadcast(cut), seq(), "left")
                .filter(col("_cut").isNull().or(col("ts").gt(col("_cut"))))
                .drop("_cut");
    }

    /** Saves the state of {@code bars} (all labelled bars of this run); returns the version. */
    long save(Dataset<Row> bars) {
        Dataset<Row> st =
                bars.groupBy("symbol", "interval")
                        .agg(max("ts").as("last_ts"), count("*").as("bars_seen"))
                        .select(
                                col("symbol"),
                                col("interval"),
                                lit(horizonMillis).as("horizon_ms"),
                                lit(deadBand).as("dead_band"),
                                col("last_ts"),
                                col("bars_seen"));
        return store.merge(table, KEY, List.of(), st).version();
    }

    private static scala.collection.immutable.Seq<String> seq() {
        return scala.collection.JavaConverters.asScalaBuffer(KEY).toList();
    }
}
