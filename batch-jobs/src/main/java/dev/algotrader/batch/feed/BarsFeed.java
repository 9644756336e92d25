package dev.algotrader.batch.feed;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.schema.topic.TopicRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Publishes closed bars to {@code bars.<interval>}; see the package doc. */
public final class BarsFeed {

    /** What one run published. */
    public record Result(String topic, long published, long alreadyThere, Map<String, Long> last) {}

    private BarsFeed() {}

    /**
     * The closed bars of {@code silverBars} of {@code interval} and {@code symbols} (empty: all),
     * in time order.
     */
    public static List<Bar> closedBars(
            Dataset<Row> silverBars, String interval, List<String> symbols) {
        Dataset<Row> d =
                silverBars
                        .where(functions.col("interval").equalTo(interval))
                        .where(
                                functions
                                        .col("complete")
                                        .isNull()
                                        .or(functions.col("complete").equalTo(true)));
        if (!symbols.isEmpty()) d = d.where(functions.col("symbol").isin(symbols.toArray()));
        List<Bar> bars = new ArrayList<>();
        for (Row r :
                d.select("symbol", "interval", "ts", "open", "high", "low", "close", "volume")
                        .orderBy("ts", "symbol")
                        .collectAsList()) {
            bars.add(
                    new Bar(
                            r.getString(0),
                            r.getString(1),
                            r.getLong(2),
                            r.getDouble(3),
                            r.getDouble(4),
                            r.getDouble(5),
                            r.getDouble(6),
                            r.getDouble(7)));
        }
        return bars;
    }

    /**
     * As {@link #closedBars(Dataset, String, List)} without Spark, through Delta Kernel: the same
     * bars in the same order ({@code bars-feed} starts no Spark for its replay).
     */
    public static List<Bar> closedBars(LakeReader lake, String interval, List<String> symbols) {
        List<Bar> bars =
                lake.completeBars(interval, symbols.isEmpty() ? null : symbols, null, null);
        List<Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        return sorted;
    }

    /**
     * After an ingest ({@code ingest --publish}): every interval of {@code symbols} (empty: all) in
     * {@code silverBars} goes to its {@code bars.<interval>} through {@link #publish}, so only the
     * closed bars newer than what each topic holds are sent. The ingest has landed them in
     * bronze/silver first; a failed publish leaves them there and the next run sends them.
     */
    public static List<Result> publishIngested(
            KafkaSettings kafka, Dataset<Row> silverBars, List<String> symbols)
            throws InterruptedException, ExecutionException {
        Dataset<Row> d = silverBars;
        if (!symbols.isEmpty()) d = d.where(functions.col("symbol").isin(symbols.toArray()));
        List<Result> results = new ArrayList<>();
        for (Row r : d.select("interval").distinct().orderBy("interval").collectAsList()) {
            String interval = r.getString(0);
            results.add(publish(kafka, interval, closedBars(silverBars, interval, symbols)));
        }
        return results;
    }

    /**
     * Publishes the bars newer than the newest one per symbol already on the topic, with an
     * idempotent producer ({@code enable.idempotence}, {@code acks=all}); the key is the symbol,
     * the record timestamp the publish time (the bar's own time is in the value).
     */
    public static Result publish(KafkaSettings kafka, String interval, List<Bar> bars)
            throws InterruptedException, ExecutionException {
        String topic = kafka.barsTopic(interval);
        Map<String, Long> last = lastPublished(kafka, topic);
        List<Bar> fresh = new ArrayList<>();
        for (Bar b : bars) {
            if (b.ts() > last.getOrDefault(b.symbol(), Long.MIN_VALUE)) fresh.add(b);
        }
        fresh.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        p.put("linger.ms", "5");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Bar b : fresh) {
                // the record time is the publish time, not the bar's: a replay of old bars
                // stamped with their own times would be deleted at once by time-based retention
                producer.send(
                        new ProducerRecord<>(
                                topic, TopicCodec.key(b.symbol()), TopicCodec.encode(b)));
                last.merge(b.symbol(), b.ts(), Math::max);
            }
            producer.flush();
        }
        return new Result(topic, fresh.size(), bars.size() - fresh.size(), last);
    }

    /**
     * The newest bar time per symbol on {@code topic} ({@code read_committed}), read from the
     * start: bar topics are small (one record per symbol and bar), and a symbol's bars share one
     * partition, so this is exact.
     */
    static Map<String, Long> lastPublished(KafkaSettings kafka, String topic) {
        Properties c = new Properties();
        c.put("bootstrap.servers", kafka.requireBootstrapServers());
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.put("allow.auto.create.topics", "false");
        Map<String, Long> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (parts == null || parts.isEmpty()) return last;
            List<TopicPartition> tps =
                    parts.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        Bar b = TopicCodec.decodeBar(r.value());
                        last.merge(b.symbol(), b.ts(), Math::max);
                    } catch (TopicRecordException e) {
                        // not a bar: the trader sets it aside; it does not move the cursor
                    }
                }
            }
        }
        return last;
    }
}
