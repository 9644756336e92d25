package dev.algotrader.core.config;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a reader subscribes to before it starts. Spark's Kafka source fails the query
 * and Flink's {@code KafkaSource} fails over when a subscribed topic is missing or still being
 * created (found by KafkaFaultToleranceIT: a trading sink started before the trader's first output
 * died with UnknownTopicOrPartitionException; a trader started before the first bar restarted).
 */
public final class KafkaTopics {

    private KafkaTopics() {}

    /**
     * Creates those of {@code topics} that do not exist yet ({@code kafka.partitions}, {@code
     * replication-factor}) and waits until each has a leader. A topic another client creates at the
     * same moment is fine.
     */
    public static void createMissing(KafkaSettings kafka, List<String> topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.requireBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing =
                    topics.stream()
                            .filter(t -> !existing.contains(t))
                            .map(
                                    t ->
                                            new NewTopic(
                                                    t,
                                                    kafka.partitions(),
                                                    kafka.replicationFactor()))
                            .toList();
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            // until every partition has a leader (a listing of a topic just created may fail)
            admin.describeTopics(topics).allTopicNames().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topics, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the topics " + topics, e.getCause());
        }
    }
}
