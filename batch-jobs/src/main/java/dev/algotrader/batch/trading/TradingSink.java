package dev.algotrader.batch.trading;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading sink: Kafka {@code trader.*} → {@code trading/*}. {@link #rows} is the pure transform
 * of one micro-batch; {@link #start} wires the Kafka source, the checkpoint and the MERGE.
 */
public final class TradingSink {

    private static final Logger LOG = LoggerFactory.getLogger(TradingSink.class);

    /** The topic each {@code trading/*} table is written from. */
    public static final Map<Table, Topic> TABLES =
            Map.of(
                    Table.ORDERS, Topic.ORDERS,
                    Table.FILLS, Topic.FILLS,
                    Table.POSITIONS, Topic.POSITIONS,
                    Table.EQUITY, Topic.EQUITY);

    private TradingSink() {}

    /**
     * The rows of {@code table} in one micro-batch of Kafka records (columns {@code topic,
     * partition, offset, value}): the value decoded with the table's schema, records of another
     * schema version or without a required column left out (the trader writes only version-1 rows;
     * sending such records to the dead-letter topic is a later step), and one row per natural key:
     * for orders the latest (an amended order is emitted again with its new terms; its key holds
     * one partition, so the larger offset is the later row), for equity the sub-accounts of one
     * {@code (run_id, ts)} summed as the file hand-off does.
     */
    public static Dataset<Row> rows(Dataset<Row> batch, Table table, KafkaSettings kafka) {
        Dataset<Row> decoded =
                batch.where(functions.col("topic").equalTo(kafka.topic(TABLES.get(table))))
                        .select(
                                functions.col("partition"),
                                functions.col("offset"),
                                functions
                                        .from_json(
                                                functions.col("value").cast("string"),
                                                SparkSchemas.of(table).add("v", "long", true))
                                        .as("r"))
                        .select("partition", "offset", "r.*")
                        .where(readable(table));
        Column[] key = table.key().stream().map(functions::col).toArray(Column[]::new);
        Dataset<Row> latest =
                decoded.withColumn(
                                "_n",
                                functions
                                        .row_number()
                                        .over(
                                                Window.partitionBy(key)
                                                        .orderBy(
                                                                functions.col("partition").desc(),
                                                                functions.col("offset").desc())))
                        .where(functions.col("_n").equalTo(1));
        if (table == Table.EQUITY) {
            latest =
                    decoded.dropDuplicates("run_id", "ts", "cash", "position_value", "equity")
                            .groupBy("run_id", "ts")
                            .agg(
                                    functions.sum("cash").as("cash"),
                                    functions.sum("position_value").as("position_value"),
                                    functions.sum("equity").as("equity"));
        }
        return latest.select(
                table.columns().stream().map(c -> functions.col(c.name())).toArray(Column[]::new));
    }

    /** Version 1 and every non-nullable column present. */
    private static Column readable(Table table) {
        Column ok = functions.col("v").equalTo(1);
        for (dev.algotrader.schema.Column c : table.columns()) {
            if (!c.nullable()) ok = ok.and(functions.col(c.name()).isNotNull());
        }
        return ok;
    }

    /** MERGEs one micro-batch into every table; returns the rows written per table. */
    public static Map<String, Long> write(
            DeltaStore store, Dataset<Row> batch, KafkaSettings kafka) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Dataset<Row> cached = batch.select("topic", "partition", "offset", "value").cache();
        try {
            for (Table t : List.of(Table.ORDERS, Table.FILLS, Table.POSITIONS, Table.EQUITY)) {
                Dataset<Row> rows = rows(cached, t, kafka).cache();
                long n = rows.count();
                if (n > 0) store.merge(t, rows);
                rows.unpersist();
                counts.put(t.path(), n);
            }
        } finally {
            cached.unpersist();
        }
        return counts;
    }

    /**
     * Starts the query: {@code trader.orders|fills|positions|equity} from the earliest offsets on
     * first start (then from the checkpoint), {@code read_committed}, one MERGE per table per
     * micro-batch. {@code once}: one batch over what is there now, then the query stops ({@link
     * Trigger#AvailableNow}).
     */
    public static StreamingQuery start(
            SparkSession spark, KafkaSettings kafka, DeltaStore store, boolean once)
            throws TimeoutException {
        String topics =
                TABLES.values().stream()
                        .map(kafka::topic)
                        .sorted()
                        .collect(Collectors.joining(","));
        Dataset<Row> records =
                spark.readStream()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", kafka.requireBootstrapServers())
                        .option("subscribe", topics)
                        .option("startingOffsets", "earliest")
                        .option("kafka.isolation.level", "read_committed")
                        .load();
        Trigger trigger =
                once || kafka.sinkTrigger().isZero()
                        ? Trigger.AvailableNow()
                        : Trigger.ProcessingTime(kafka.sinkTrigger().toMillis());
        VoidFunction2<Dataset<Row>, Long> each =
                (batch, id) -> {
                    Map<String, Long> n = write(store, batch, kafka);
                    LOG.info("trading-sink batch {}: {}", id, n);
                };
        return records.writeStream()
                .queryName("trading-sink")
                .option("checkpointLocation", kafka.sinkCheckpointDir())
                .trigger(trigger)
                .foreachBatch(each)
                .start();
    }
}
