package dev.algotrader.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a reader subscribes to before it starts. Spark's Kafka source fails the query
 * and Flink's {@code KafkaSource} fails over when a subscribed topic is missing or still being
 * created (found by KafkaFaultToleranceIT: a trading sink started before the trader's first output
 * died with UnknownTopicOrPartitionException; a trader started before the first bar restarted).
 */
public final class KafkaTopics {

    /** How long a broker may take to create the topics and give each partition a leader. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private KafkaTopics() {}

    /**
     * Creates those of {@code topics} that do not exist yet ({@code kafka.partitions}, {@code
     * replication-factor}) and waits until each partition has a leader. A topic another client
     * creates at the same moment is fine. A broker's retriable answers (a topic the controller
     * created but the broker's metadata does not list yet, a partition without a leader yet, a
     * broker still registering) are retried until {@link #READY_TIMEOUT}; CI found a describe of a
     * topic created a moment before failing with UnknownTopicOrPartitionException on a loaded
     * machine.
     */
    public static void createMissing(KafkaSettings kafka, List<String> topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (createAndDescribe(admin, kafka, topics)) return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)
                            || System.nanoTime() > deadline) {
                        throw failed(topics, e.getCause());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw failed(topics, new IllegalStateException("a partition has no leader"));
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topics, e);
        }
    }

    /** One attempt: true when every topic exists and each of its partitions has a leader. */
    private static boolean createAndDescribe(Admin admin, KafkaSettings kafka, List<String> topics)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing =
                topics.stream()
                        .filter(t -> !existing.contains(t))
                        .map(t -> new NewTopic(t, kafka.partitions(), kafka.replicationFactor()))
                        .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        }
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get();
        return described.values().stream()
                .allMatch(d -> d.partitions().stream().allMatch(part -> part.leader() != null));
    }

    private static IllegalStateException failed(List<String> topics, Throwable cause) {
        return new IllegalStateException(
                "cannot create the topics " + topics + ": " + cause.getMessage(), cause);
    }
}
