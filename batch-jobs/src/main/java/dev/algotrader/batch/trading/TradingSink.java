package dev.algotrader.batch.trading;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.config.KafkaTopics;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
     * partition, offset, key, value, timestamp}): the value decoded with the columns of its {@link
     * TraderRows#recordTable record table}, records the sink cannot use left out (they are {@link
     * #deadLetters}), and one row per key of that table, the latest (an amended order is emitted
     * again with its new terms; its key holds one partition, so the larger offset is the later
     * row). For equity these are the sub-accounts ({@code trading/equity_accounts}); {@link
     * TraderRows#merge} sums them into {@code trading/equity}.
     */
    public static Dataset<Row> rows(Dataset<Row> batch, Table table, KafkaSettings kafka) {
        return TraderRows.latest(
                decoded(batch, table, kafka).where(REASON.isNull()),
                table,
                functions.col("_partition").desc(),
                functions.col("_offset").desc());
    }

    /**
     * The records of {@code table}'s topic in one micro-batch that the sink cannot use, with the
     * reason: not a JSON object with a schema version ({@code malformed}), another schema version
     * than 1, or a required column missing. Columns: {@code topic, partition, offset, key, value,
     * timestamp, reason} (key and value as text).
     */
    public static Dataset<Row> deadLetters(Dataset<Row> batch, Table table, KafkaSettings kafka) {
        return decoded(batch, table, kafka)
                .where(REASON.isNotNull())
                .select(
                        functions.col("_topic").as("topic"),
                        functions.col("_partition").as("partition"),
                        functions.col("_offset").as("offset"),
                        functions.col("_key").as("key"),
                        functions.col("_value").as("value"),
                        functions.col("_timestamp").as("timestamp"),
                        REASON.as("reason"));
    }

    private static final Column REASON = functions.col("_reason");

    /** The table's records, decoded, beside their Kafka coordinates and {@code _reason}. */
    private static Dataset<Row> decoded(Dataset<Row> batch, Table table, KafkaSettings kafka) {
        Column value = functions.col("value").cast("string");
        Table record = TraderRows.recordTable(table);
        Dataset<Row> decoded =
                batch.where(functions.col("topic").equalTo(kafka.topic(TABLES.get(table))))
                        .select(
                                functions.col("topic").as("_topic"),
                                functions.col("partition").as("_partition"),
                                functions.col("offset").as("_offset"),
                                functions.col("key").cast("string").as("_key"),
                                value.as("_value"),
                                functions.col("timestamp").as("_timestamp"),
                                functions
                                        .from_json(
                                                value,
                                                SparkSchemas.of(record).add("v", "long", true))
                                        .as("r"))
                        .select(
                                "_topic",
                                "_partition",
                                "_offset",
                                "_key",
                                "_value",
                                "_timestamp",
                                "r.*");
        return TraderRows.conform(decoded, table).withColumn("_reason", reason(record));
    }

    /** Null for a usable record, else why not: malformed, unknown version, missing columns. */
    private static Column reason(Table table) {
        List<Column> missing = new java.util.ArrayList<>();
        for (dev.algotrader.schema.Column c : table.columns()) {
            if (!c.nullable()) {
                missing.add(
                        functions.when(functions.col(c.name()).isNull(), functions.lit(c.name())));
            }
        }
        Column missingNames = functions.concat_ws(", ", missing.toArray(Column[]::new));
        Column v = functions.col("v");
        return functions
                .when(
                        v.isNull(),
                        functions.lit("malformed: not a JSON record with a schema version \"v\""))
                .when(
                        v.notEqual(1),
                        functions.concat(
                                functions.lit("unknown schema version "),
                                v.cast("string"),
                                functions.lit(" (this sink reads version 1)")))
                .when(
                        functions.length(missingNames).gt(0),
                        functions.concat(
                                functions.lit("missing required columns: "), missingNames));
    }

    /**
     * MERGEs one micro-batch into every table and sends the records it cannot use to the
     * dead-letter topic (before the batch counts as done, so none is lost; a batch run again after
     * a crash may send one twice, identical: its source topic, partition and offset name it);
     * returns the rows written per table and the dead letters sent.
     */
    public static Map<String, Long> write(
            DeltaStore store, Dataset<Row> batch, KafkaSettings kafka) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Dataset<Row> cached =
                batch.select("topic", "partition", "offset", "key", "value", "timestamp").cache();
        try {
            Dataset<Row> dead = null;
            for (Table t : TraderRows.OUTPUTS) {
                counts.putAll(TraderRows.merge(store, t, rows(cached, t, kafka)));
                Dataset<Row> d = deadLetters(cached, t, kafka);
                dead = dead == null ? d : dead.union(d);
            }
            List<Row> letters = dead.collectAsList(); // one job for the four topics
            SinkDeadLetters.send(kafka, letters);
            counts.put(kafka.topic(Topic.DEAD_LETTER), (long) letters.size());
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
        List<String> names = TABLES.values().stream().map(kafka::topic).sorted().toList();
        KafkaTopics.createMissing(kafka, names);
        String topics = String.join(",", names);
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
