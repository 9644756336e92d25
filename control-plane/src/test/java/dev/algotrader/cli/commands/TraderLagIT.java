package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.cli.CliHarness;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.kafka.broker.EmbeddedKafka;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.stream.kafka.KafkaTrader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} shows the Kafka trader's consumer lag per partition of {@code bars.1m} from a real
 * broker's committed offsets, and answers in seconds with one line when the broker is down.
 */
class TraderLagIT {

    @TempDir Path tmp;

    @Test
    void statusShowsTheLagPerPartitionAndOneLineWhenTheBrokerIsDown() throws Exception {
        String topic = Topic.bars("1m");
        try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"), 2)) {
            KafkaSettings kafka =
                    KafkaSettings.from(AppConfig.defaults())
                            .withBootstrapServers(broker.bootstrapServers());
            String group = KafkaTrader.groupId(kafka, "paper");
            Properties p = new Properties();
            p.put("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
                try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 5; i++) producer.send(record(topic, 0, i));
                    for (int i = 0; i < 3; i++) producer.send(record(topic, 1, i));
                }
                // the trader committed 2 offsets of partition 0 on a checkpoint, none of 1
                admin.alterConsumerGroupOffsets(
                                group,
                                Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)))
                        .all()
                        .get();
            }

            Map<String, Object> lag = TraderLag.read(kafka, group, topic, TraderLag.TIMEOUT);
            assertThat(lag).containsEntry("total_lag", 6L).doesNotContainKey("error");
            assertThat(TraderLag.lines(lag))
                    .containsExactly(
                            "trader lag on Kafka (group algo-trader-trader-paper, topic bars.1m):"
                                    + " 6 bars behind",
                            "  partition 0: committed 2, end 5, lag 3",
                            "  partition 1: committed none, end 3, lag 3");

            CliHarness cli = cli(broker.bootstrapServers());
            assertThat(cli.run("status")).isZero();
            assertThat(cli.out()).contains("  partition 0: committed 2, end 5, lag 3");

            broker.stop();
            long t0 = System.nanoTime();
            CliHarness down = cli(broker.bootstrapServers());
            assertThat(down.run("status")).isZero();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(down.out())
                    .contains(
                            "trader lag on Kafka (group algo-trader-trader-paper, topic bars.1m):"
                                    + " Kafka unreachable at "
                                    + broker.bootstrapServers())
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
            assertThat(took).as("status with the broker down").isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aClosedPortAnswersWithinTheTimeout() throws Exception {
        String servers = "127.0.0.1:" + closedPort();
        KafkaSettings kafka =
                KafkaSettings.from(AppConfig.defaults()).withBootstrapServers(servers);
        long t0 = System.nanoTime();
        Map<String, Object> lag =
                TraderLag.read(kafka, "g", Topic.bars("1m"), Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(lag.get("error"))
                .isEqualTo(
                        "Kafka unreachable at " + servers + " (no answer within 2 s); lag unknown");
        assertThat(TraderLag.read(kafka.withBootstrapServers(""), "g", "t", Duration.ofSeconds(1)))
                .containsExactly(Map.entry("configured", false));
        assertThat(TraderLag.hostsOnly("user:secret@h1:9092, h2:9093"))
                .isEqualTo("h1:9092,h2:9093");
    }

    private CliHarness cli(String servers) throws java.io.IOException {
        return new CliHarness(
                java.nio.file.Files.createDirectories(tmp.resolve("cli-" + System.nanoTime())),
                "algotrader.kafka.bootstrap-servers = \"" + servers + "\"\n",
                Clock.systemUTC(),
                Map.of());
    }

    private static ProducerRecord<String, String> record(String topic, int partition, int i) {
        return new ProducerRecord<>(topic, partition, "BTC/USD", "{\"v\":1,\"i\":" + i + "}");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
