package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.algotrader.batch.SymbolPartitions;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs {@link PlausibilityStage} over the accepted bars of one ingest: joins each bar to the stored
 * {@code silver/bars} row of its key (for the correction rule) and adds the stored bars around the
 * new ones as neighbours, read only within a margin of the new bars' time range.
 */
final class PlausibilityCheck {

    private static final long DAY = 86_400_000L;
    private static final String[] OLD = {"open", "high", "low", "close", "volume"};

    private PlausibilityCheck() {}

    /** Bars that passed, bars quarantined (with reason) and how many replace a stored bar. */
    record Result(Dataset<Row> checked, Dataset<Row> accepted, Dataset<Row> rejected) {
        /** Count of accepted bars per change kind (new, same, updated, corrected). */
        Map<String, Long> changes() {
            Map<String, Long> m = new TreeMap<>();
            for (Row r : accepted.groupBy("change").count().collectAsList()) {
                m.put(r.getString(0), r.getLong(1));
            }
            return m;
        }

        void unpersist() {
            checked.unpersist();
        }
    }

    /** {@code symbols}: the symbols of {@code bars} (or more), for {@link SymbolPartitions}. */
    static Result apply(
            DeltaStore store, Dataset<Row> bars, List<String> symbols, PlausibilityRules rules) {
        Dataset<Row> incoming = bars.withColumn("context", lit(false));
        Dataset<Row> context = null;
        if (store.exists(Table.BARS)) {
            Dataset<Row> near = storedAround(store, bars, rules);
            if (near != null) {
                Column key =
                        incoming.col("symbol")
                                .equalTo(near.col("s_symbol"))
                                .and(incoming.col("interval").equalTo(near.col("s_interval")))
                                .and(incoming.col("ts").equalTo(near.col("s_ts")));
                Dataset<Row> joined = incoming.join(near, key, "left");
                for (String f : OLD) joined = joined.withColumnRenamed("s_" + f, "old_" + f);
                incoming =
                        joined.withColumnRenamed("s_source", "old_source")
                                .withColumnRenamed("s_complete", "old_complete");
                Dataset<Row> keys = bars.select("symbol", "interval", "ts");
                context =
                        near.join(
                                        keys,
                                        near.col("s_symbol")
                                                .equalTo(keys.col("symbol"))
                                                .and(
                                                        near.col("s_interval")
                                                                .equalTo(keys.col("interval")))
                                                .and(near.col("s_ts").equalTo(keys.col("ts"))),
                                        "left_anti")
                                .select(
                                        lit("silver/bars").as("source"),
                                        lit("silver/bars").as("source_file"),
                                        lit(0L).as("line"),
                                        lit(null).cast(DataTypes.StringType).as("raw"),
                                        col("s_symbol").as("symbol"),
                                        col("s_interval").as("interval"),
                                        col("s_ts").as("ts"),
                                        col("s_open").as("open"),
                                        col("s_high").as("high"),
                                        col("s_low").as("low"),
                                        col("s_close").as("close"),
                                        col("s_volume").as("volume"),
                                        lit(false).as("is_trade"),
                                        lit(null).cast(DataTypes.StringType).as("reason"),
                                        lit(0L).as("n"),
                                        lit(true).as("complete"),
                                        lit(true).as("context"));
            }
        }
        if (context == null) {
            for (String f : OLD) {
                incoming = incoming.withColumn("old_" + f, lit(null).cast(DataTypes.DoubleType));
            }
            incoming =
                    incoming.withColumn("old_source", lit(null).cast(DataTypes.StringType))
                            .withColumn("old_complete", lit(null).cast(DataTypes.BooleanType));
        } else {
            for (String f : OLD) {
                context = context.withColumn("old_" + f, lit(null).cast(DataTypes.DoubleType));
            }
            context =
                    context.withColumn("old_source", lit(null).cast(DataTypes.StringType))
                            .withColumn("old_complete", lit(null).cast(DataTypes.BooleanType));
        }
        Column[] shape =
                java.util.Arrays.stream(PlausibilityStage.INPUT.fieldNames())
                        .map(c -> col(c))
                        .toArray(Column[]::new);
        Dataset<Row> series = incoming.select(shape);
        if (context != null) series = series.union(context.select(shape));
        Dataset<Row> checked =
                SymbolPartitions.spread(series, symbols)
                        .sortWithinPartitions("symbol", "interval", "ts", "source", "source_file")
                        .mapPartitions(
                                new PlausibilityStage(rules),
                                Encoders.row(PlausibilityStage.OUTPUT))
                        .persist(StorageLevel.MEMORY_AND_DISK());
        Column[] records =
                java.util.Arrays.stream(Records.SCHEMA.fieldNames())
                        .map(c -> col(c))
                        .toArray(Column[]::new);
        return new Result(
                checked,
                checked.filter(col("reason").isNull()),
                checked.filter(col("reason").isNotNull()).select(records));
    }

    /**
     * Stored bars of the new bars' symbols within a margin of their time range (columns prefixed
     * {@code s_}), or null when there are no new bars. The margin covers the neighbour window
     * several times over (at least a day), and the date filter prunes partitions.
     */
    private static Dataset<Row> storedAround(
            DeltaStore store, Dataset<Row> bars, PlausibilityRules rules) {
        List<Row> ranges =
                bars.groupBy("symbol", "interval").agg(min("ts"), max("ts")).collectAsList();
        if (ranges.isEmpty()) return null;
        Column cond = null;
        for (Row r : ranges) {
            long step = BarInterval.parse(r.getString(1)).millis();
            long margin = Math.max(DAY, 3L * (rules.jumpWindow() + rules.jumpNeighbours()) * step);
            long lo = r.getLong(2) - margin, hi = r.getLong(3) + margin;
            Column c =
                    col("symbol")
                            .equalTo(r.getString(0))
                            .and(col("interval").equalTo(r.getString(1)))
                            .and(col("date").between(date(lo), date(hi)))
                            .and(col("ts").between(lo, hi));
            cond = cond == null ? c : cond.or(c);
        }
        List<Column> cols = new ArrayList<>();
        for (String c :
                List.of("symbol", "interval", "ts", "open", "high", "low", "close", "volume")) {
            cols.add(col(c).as("s_" + c));
        }
        cols.add(col("source").as("s_source"));
        Dataset<Row> stored = store.read(Table.BARS);
        cols.add(
                (List.of(stored.columns()).contains("complete")
                                ? col("complete")
                                : lit(null).cast(DataTypes.BooleanType))
                        .as("s_complete"));
        return stored.filter(cond).select(cols.toArray(Column[]::new));
    }

    private static Column date(long millis) {
        return lit(
                java.sql.Date.valueOf(
                        Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate()));
    }
}
