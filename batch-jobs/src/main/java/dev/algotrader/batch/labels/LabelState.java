package dev.algotrader.batch.labels;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.algotrader.batch.BarsChanges;
import dev.algotrader.batch.SavedStates;
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
    private final long barsVersion;

    /** The valid saved states of the series the last {@link #newBars} call continues. */
    private final Map<String, SavedStates.Saved> previous = new HashMap<>();

    /** The state of {@code table} for a run over {@code silver/bars} at {@code barsVersion}. */
    LabelState(
            DeltaStore store, String table, long horizonMillis, double deadBand, long barsVersion) {
        this.barsVersion = barsVersion;
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
     * whose label can change), of every other series all. {@code bars} is {@code silver/bars} at
     * the run's version.
     */
    Dataset<Row> newBars(Dataset<Row> bars) {
        continued = 0;
        previous.clear();
        if (!store.exists(table)) return bars;
        Dataset<Row> t = store.read(table);
        List<Row> saved =
                t.filter(
                                col("horizon_ms")
                                        .equalTo(horizonMillis)
                                        .and(col("dead_band").equalTo(deadBand)))
                        .select(
                                col("symbol"),
                                col("interval"),
                                col("last_ts"),
                                col("bars_seen"),
                                List.of(t.columns()).contains("bars_version")
                                        ? col("bars_version")
                                        : lit(null).cast(DataTypes.LongType))
                        .collectAsList();
        if (saved.isEmpty()) return bars;
        List<SavedStates.Saved> states = new ArrayList<>();
        for (Row r : saved) {
            states.add(
                    new SavedStates.Saved(
                            r.getString(0),
                            r.getString(1),
                            r.getLong(2),
                            r.getLong(3),
                            r.isNullAt(4) ? null : r.getLong(4)));
        }
        SavedStates checked = SavedStates.check(store, bars, barsVersion, states);
        for (SavedStates.Saved s : states) {
            String k = BarsChanges.key(s.symbol(), s.interval());
            if (checked.valid().contains(k)) previous.put(k, s);
        }
        continued = previous.size();
        if (previous.isEmpty()) return bars;
        return bars.filter(checked.unseen(previous.keySet(), horizonMillis));
    }

    /**
     * Saves the state after labelling {@code input} (what {@link #newBars} returned, less the
     * intervals without labels): of a continued series the bars after its saved {@code last_ts} are
     * added to its count, every other series is counted in full. Returns the version.
     */
    long save(Dataset<Row> input) {
        List<Row> prev = new ArrayList<>();
        for (SavedStates.Saved s : previous.values()) {
            prev.add(RowFactory.create(s.symbol(), s.interval(), s.lastTs(), s.barsSeen()));
        }
        Dataset<Row> p =
                input.sparkSession()
                        .createDataFrame(
                                prev,
                                new StructType()
                                        .add("symbol", DataTypes.StringType)
                                        .add("interval", DataTypes.StringType)
                                        .add("_last", DataTypes.LongType)
                                        .add("_seen", DataTypes.LongType));
        Dataset<Row> st =
                input.join(broadcast(p), seq(), "left")
                        .filter(col("_last").isNull().or(col("ts").gt(col("_last"))))
                        .groupBy("symbol", "interval")
                        .agg(
                                max("ts").as("last_ts"),
                                count("*").as("_new"),
                                max(coalesce(col("_seen"), lit(0L))).as("_seen"))
                        .select(
                                col("symbol"),
                                col("interval"),
                                lit(horizonMillis).as("horizon_ms"),
                                lit(deadBand).as("dead_band"),
                                col("last_ts"),
                                col("_new").plus(col("_seen")).as("bars_seen"),
                                lit(barsVersion).as("bars_version"));
        return store.merge(table, KEY, List.of(), st).version();
    }

    private static scala.collection.immutable.Seq<String> seq() {
        return scala.collection.JavaConverters.asScalaBuffer(KEY).toList();
    }
}
