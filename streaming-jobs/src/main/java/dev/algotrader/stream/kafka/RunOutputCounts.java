package dev.algotrader.stream.kafka;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What one Kafka run of the trader wrote, for its summary: the committed records between the
 * topics' ends before the run ({@link #mark}) and after it ({@link #count}). Orders, fills,
 * positions and equity count only rows of the run's own run id; signals and dead letters (no run
 * id) count every record of the window. The file path counts its JSONL part files instead.
 */
public final class RunOutputCounts {

    /** The summary's names for the outputs, as the file path names its output folders. */
    private static final Map<Topic, String> OUTPUTS =
            Map.of(
                    Topic.ORDERS, "orders",
                    Topic.FILLS, "fills",
                    Topic.POSITIONS, "positions",
                    Topic.EQUITY, "equity",
                    Topic.SIGNALS, "signals",
                    Topic.DEAD_LETTER, "rejected_bars");

    /** The outputs whose rows carry a run id. */
    private static final List<String> RUN_ID_KEYED =
            List.of("orders", "fills", "positions", "equity");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<TopicPartition, Long> start;

    /** Topic name (with the configured prefix) → output name. */
    private final Map<String, String> names;

    private RunOutputCounts(Map<TopicPartition, Long> start, Map<String, String> names) {
        this.start = start;
        this.names = names;
    }

    private static Map<String, String> names(KafkaSettings kafka) {
        Map<String, String> names = new HashMap<>();
        OUTPUTS.forEach((topic, name) -> names.put(kafka.topic(topic), name));
        return names;
    }

    /** The committed ends of the trader's output topics now (a missing topic starts at 0). */
    public static RunOutputCounts mark(KafkaSettings kafka) {
        Map<String, String> names = names(kafka);
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafka)) {
            return new RunOutputCounts(c.endOffsets(partitions(c, names), TIMEOUT), names);
        }
    }

    /**
     * Per output ({@code orders, fills, positions, equity, signals, rejected_bars}), the committed
     * records written since {@link #mark} (rows of {@code runId} where the row has a run id).
     */
    public Map<String, Long> count(KafkaSettings kafka, String runId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name :
                List.of("orders", "fills", "positions", "equity", "signals", "rejected_bars")) {
            counts.put(name, 0L);
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafka)) {
            List<TopicPartition> parts = partitions(c, names);
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition tp : parts) {
                if (end.get(tp) > start.getOrDefault(tp, 0L)) open.add(tp);
            }
            c.assign(open);
            open.forEach(tp -> c.seek(tp, start.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))
                            && ofRun(r, names.get(r.topic()), runId)) {
                        counts.merge(names.get(r.topic()), 1L, Long::sum);
                    }
                }
                open.removeIf(tp -> c.position(tp) >= end.get(tp));
            }
        }
        return counts;
    }

    private static boolean ofRun(ConsumerRecord<byte[], byte[]> r, String output, String runId) {
        if (!RUN_ID_KEYED.contains(output)) return true;
        try {
            return runId.equals(TopicCodec.object(r.value()).get("run_id"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> c, Map<String, String> names) {
        List<TopicPartition> parts = new ArrayList<>();
        Map<String, List<PartitionInfo>> all = new HashMap<>(c.listTopics(TIMEOUT));
        for (String topic : names.keySet()) {
            for (PartitionInfo p : all.getOrDefault(topic, List.of())) {
                parts.add(new TopicPartition(topic, p.partition()));
            }
        }
        return parts;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("client.id", "algo-trader-run-counts");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
