package dev.algotrader.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void defaultsNameNoClusterAndAnAbsoluteCheckpoint() {
        KafkaSettings k = KafkaSettings.from(AppConfig.defaults());
        assertThat(k.partitions()).isEqualTo(2);
        assertThat(k.startingOffsets()).isEqualTo("committed");
        assertThat(k.sinkTrigger()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Path.of(k.sinkCheckpointDir())).isAbsolute();
        if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertThat(k.bootstrapServers()).isEmpty();
            assertThatThrownBy(k::requireBootstrapServers)
                    .hasMessageContaining("algotrader.kafka.bootstrap-servers");
        }
        assertThat(k.withBootstrapServers("127.0.0.1:9092").requireBootstrapServers())
                .isEqualTo("127.0.0.1:9092");
    }

    @Test
    void aClusterAndAStartTimestampAreSettings() {
        KafkaSettings k =
                KafkaSettings.from(
                        AppConfig.withOverrides(
                                "algotrader.kafka { bootstrap-servers = \"b1:9092,b2:9092\","
                                        + " starting-offsets = \"1385337600000\" }"));
        assertThat(k.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(k.startingOffsets()).isEqualTo("1385337600000");
        assertThatThrownBy(
                        () ->
                                KafkaSettings.from(
                                        AppConfig.withOverrides(
                                                "algotrader.kafka.starting-offsets = newest")))
                .hasMessageContaining("use committed, earliest, latest");
        assertThatThrownBy(() -> AppConfig.withOverrides("algotrader.kafka.bootstrap = x"))
                .hasMessageContaining("algotrader.kafka.bootstrap");
    }

    @Test
    void aTopicPrefixNamesEveryTopic() {
        KafkaSettings plain = KafkaSettings.from(AppConfig.defaults());
        assertThat(plain.topic(dev.algotrader.schema.topic.Topic.ORDERS))
                .isEqualTo("trader.orders");
        assertThat(plain.barsTopic("1m")).isEqualTo("bars.1m");
        KafkaSettings paper =
                KafkaSettings.from(
                        AppConfig.withOverrides("algotrader.kafka.topic-prefix = \"paper.\""));
        assertThat(paper.topic(dev.algotrader.schema.topic.Topic.DEAD_LETTER))
                .isEqualTo("paper.dead-letter");
        assertThat(paper.barsTopic("5m")).isEqualTo("paper.bars.5m");
        assertThatThrownBy(
                        () ->
                                KafkaSettings.from(
                                        AppConfig.withOverrides(
                                                "algotrader.kafka.topic-prefix = \"a b\"")))
                .hasMessageContaining("topic-prefix");
    }
}
