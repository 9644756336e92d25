package dev.algotrader.kafka.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One embedded Kafka per test JVM: started on the first {@link #broker()} call (about 10 s, once,
 * not once per test class) and stopped when the JVM exits. Tests stay independent by working in
 * their own {@link Namespace} (topic prefix, trader consumer group, transactional-id prefix), so a
 * test never sees another's records. Test classes of one JVM run one after another, so a fault test
 * may {@link EmbeddedKafka#restart()} it. Also the topic helpers the Kafka ITs share: read a
 * topic's committed records, and wait until a consumer group has committed a topic's end.
 */
public final class SharedKafka {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static EmbeddedKafka broker;

    private SharedKafka() {}

    /** The JVM's broker, started on first use (2 partitions per auto-created topic). */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null || !broker.isRunning()) {
            Path dir;
            try {
                dir = Files.createTempDirectory("algotrader-shared-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedKafka k = EmbeddedKafka.start(dir, 2);
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        k.close();
                                        deleteTree(dir);
                                    },
                                    "shared-kafka-stop"));
            broker = k;
        }
        return broker;
    }

    /** {@code 127.0.0.1:<port>} of the JVM's broker (starting it if needed). */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * A fresh namespace on the shared broker: topic prefix {@code t<n>-<name>.}, trader group and
     * transactional-id prefix with the same stem. {@code name}: letters, digits, '-'.
     */
    public static Namespace namespace(String name) {
        return new Namespace("t" + NAMESPACES.incrementAndGet() + "-" + name);
    }

    /** One test's corner of the shared broker. */
    public record Namespace(String stem) {

        /** Before every topic name of this test: {@code <stem>.}. */
        public String topicPrefix() {
            return stem + ".";
        }

        /** {@code name} in this namespace (e.g. {@code topic("trader.orders")}). */
        public String topic(String name) {
            return topicPrefix() + name;
        }

        /**
         * The {@code algotrader.kafka.*} lines (HOCON) that point the platform at the shared broker
         * inside this namespace.
         */
        public String config() {
            return String.join(
                    "\n",
                    "algotrader.kafka.bootstrap-servers = \"" + bootstrapServers() + "\"",
                    "algotrader.kafka.topic-prefix = \"" + topicPrefix() + "\"",
                    "algotrader.kafka.trader-group = \"" + stem + "-trader\"",
                    "algotrader.kafka.transactional-id-prefix = \"" + stem + "\"");
        }
    }

    /**
     * Every committed record of {@code topic}, decoded, partition by partition in offset order.
     * Waits (up to 30 s) until no transaction is open on the topic (its last stable offset is its
     * end), then reads to that end: a complete, deterministic snapshot, without waiting for quiet.
     */
    public static <T> List<T> readCommitted(String topic, Function<byte[], T> decode) {
        List<TopicPartition> parts = partitions(topic);
        if (parts.isEmpty()) return List.of();
        Map<TopicPartition, Long> end = awaitStable(parts, Duration.ofSeconds(30));
        Properties c = clientProperties();
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (TopicPartition tp : parts) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long stop = end.get(tp);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (consumer.position(tp) < stop) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("could not read " + tp + " to offset " + stop);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() < stop) out.add(decode.apply(r.value()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Waits until the consumer group {@code group} has committed the end of every partition of
     * {@code topic} (an empty partition has nothing to commit); fails when {@code alive} turns
     * false (the consumer died) or {@code timeout} passes.
     */
    public static void awaitConsumed(
            String group, String topic, Duration timeout, BooleanSupplier alive) {
        try (Admin admin = Admin.create(clientProperties())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!alive.getAsBoolean()) {
                    throw new AssertionError("the consumer of " + topic + " ended");
                }
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean done = true;
                for (var e : endOffsets(admin, partitions(topic), false).entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    done &= e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                }
                if (done) return;
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot read the offsets of " + group, e);
        }
        throw new AssertionError(
                "group " + group + " did not consume " + topic + " within " + timeout);
    }

    /** The partitions of {@code topic}; empty when it does not exist. */
    public static List<TopicPartition> partitions(String topic) {
        Properties c = clientProperties();
        c.put("allow.auto.create.topics", "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var info = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (info == null) return List.of();
            return info.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
        }
    }

    /** Creates {@code topics} (2 partitions each) and waits until they can be used. */
    public static void createTopics(String... topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            List<NewTopic> t = new ArrayList<>();
            for (String name : topics) t.add(new NewTopic(name, 2, (short) 1));
            admin.createTopics(t).all().get();
            admin.describeTopics(List.of(topics)).allTopicNames().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot create " + List.of(topics), e);
        }
    }

    /** Client properties for the shared broker. */
    public static Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** Until the last stable offset of every partition is its end (no open transaction). */
    private static Map<TopicPartition, Long> awaitStable(
            List<TopicPartition> parts, Duration timeout) {
        try (Admin admin = Admin.create(clientProperties())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = endOffsets(admin, parts, true);
                if (stable.equals(endOffsets(admin, parts, false))
                        || System.nanoTime() > deadline) {
                    return stable;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot list the offsets of " + parts, e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(
            Admin admin, List<TopicPartition> parts, boolean committed)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : parts) latest.put(tp, OffsetSpec.latest());
        var options =
                new ListOffsetsOptions(
                        committed
                                ? IsolationLevel.READ_COMMITTED
                                : IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest, options)
                .all()
                .get()
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
