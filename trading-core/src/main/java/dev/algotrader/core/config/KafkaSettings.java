package dev.algotrader.core.config;

import com.typesafe.config.Config;
import dev.algotrader.schema.topic.Topic;
import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code algotrader.kafka.*} settings, bound once: the cluster, topic creation, the trader's
 * consumer group and start position, the KafkaSink transactional id prefix and the trading sink's
 * checkpoint and trigger. No Kafka client types: the edges (Flink trader, Spark sink, bar producer)
 * turn these into client properties.
 *
 * @param bootstrapServers {@code host:port[,host:port]}; empty = no cluster configured
 * @param partitions partitions of topics this platform creates
 * @param replicationFactor their replication factor
 * @param traderGroup the trader's consumer group on {@code bars.<interval>}
 * @param startingOffsets committed | earliest | latest | an epoch-millis timestamp
 * @param idlePartitionTimeout a bars partition this long without a bar no longer holds event time
 * @param transactionalIdPrefix KafkaSink transactional id prefix (the run id is appended)
 * @param sinkCheckpointDir the trading sink's Structured Streaming checkpoint (absolute)
 * @param sinkTrigger the trading sink's micro-batch interval; zero = one batch, then stop
 * @param topicPrefix put before every topic name (e.g. {@code paper.}: two platforms, or two tests,
 *     on one cluster); empty = the names of {@link Topic}
 */
public record KafkaSettings(
        String bootstrapServers,
        int partitions,
        short replicationFactor,
        String traderGroup,
        String startingOffsets,
        Duration idlePartitionTimeout,
        String transactionalIdPrefix,
        String sinkCheckpointDir,
        Duration sinkTrigger,
        String topicPrefix)
        implements Serializable {

    public KafkaSettings {
        if (partitions < 1)
            throw new AppConfig.ConfigError("algotrader.kafka.partitions must be >= 1");
        if (replicationFactor < 1) {
            throw new AppConfig.ConfigError("algotrader.kafka.replication-factor must be >= 1");
        }
        if (!startingOffsets.matches("committed|earliest|latest|\\d+")) {
            throw new AppConfig.ConfigError(
                    "algotrader.kafka.starting-offsets = '"
                            + startingOffsets
                            + "': use committed, earliest, latest or an epoch-millis timestamp");
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new AppConfig.ConfigError(
                    "algotrader.kafka.topic-prefix = '"
                            + topicPrefix
                            + "': only letters, digits, '.', '_' and '-' are legal in topic names");
        }
    }

    /** Binds {@code algotrader.kafka.*} of {@code config}. */
    public static KafkaSettings from(AppConfig config) {
        Config k = config.area("kafka");
        return new KafkaSettings(
                k.getString("bootstrap-servers").trim(),
                k.getInt("partitions"),
                (short) k.getInt("replication-factor"),
                k.getString("trader-group"),
                k.getString("starting-offsets"),
                k.getDuration("idle-partition-timeout"),
                k.getString("transactional-id-prefix"),
                config.path("algotrader.kafka.trading-sink.checkpoint-dir").toString(),
                k.getDuration("trading-sink.trigger"),
                k.getString("topic-prefix"));
    }

    /** A copy on another cluster (the embedded broker of a test). */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(
                servers,
                partitions,
                replicationFactor,
                traderGroup,
                startingOffsets,
                idlePartitionTimeout,
                transactionalIdPrefix,
                sinkCheckpointDir,
                sinkTrigger,
                topicPrefix);
    }

    /** The name of {@code topic} on this cluster: {@link #topicPrefix} + its name. */
    public String topic(Topic topic) {
        return topicPrefix + topic.topicName();
    }

    /**
     * The consumer group of the trader run {@code runId} on the bars: its committed offsets are its
     * position and lag.
     */
    public String traderGroupId(String runId) {
        return traderGroup + "-" + runId;
    }

    /** The name of {@code bars.<interval>} on this cluster: {@link #topicPrefix} + its name. */
    public String barsTopic(String interval) {
        return topicPrefix + Topic.bars(interval);
    }

    /** The cluster, or a {@link ConfigError} saying how to name one. */
    public String requireBootstrapServers() {
        if (bootstrapServers.isEmpty()) {
            throw new AppConfig.ConfigError(
                    "no Kafka cluster configured: set algotrader.kafka.bootstrap-servers (or the"
                            + " environment variable KAFKA_BOOTSTRAP_SERVERS) to host:port of a broker");
        }
        return bootstrapServers;
    }
}
