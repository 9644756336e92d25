package dev.algotrader.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.kafka.broker.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka bench's code path on a tiny input and a real broker: both parts finish, the Kafka run
 * commits the baseline's outputs, and the figures are printed. No timing is asserted.
 */
class KafkaTraderBenchIT {

    @TempDir Path tmp;

    @Test
    void throughputAndLatencyPartsRunOnATinyInput() throws Exception {
        KafkaTraderBench.Params p = new KafkaTraderBench.Params(2, 150, 100, 2, 300);
        try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("kafka"), 2)) {
            String servers = broker.bootstrapServers();
            KafkaTraderBench.Throughput t = KafkaTraderBench.throughput(servers, p, tmp);
            KafkaTraderBench.Latency l = KafkaTraderBench.latency(servers, p, tmp);

            assertThat(t.done()).isTrue();
            assertThat(t.bars()).isEqualTo(300);
            assertThat(t.collection().positions()).as("one position per bar").isEqualTo(300);
            assertThat(t.kafka().positions()).isEqualTo(t.collection().positions());
            assertThat(t.kafka().orders()).isEqualTo(t.collection().orders());
            assertThat(l.done()).isTrue();
            assertThat(l.bars()).isEqualTo(200);
            assertThat(l.committedPositions()).hasSize(200);
            assertThat(l.uncommittedPositions()).hasSize(200);

            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(text, true, StandardCharsets.UTF_8)) {
                KafkaBenchReport.print(o, p, t);
                KafkaBenchReport.print(o, p, l);
            }
            assertThat(text.toString(StandardCharsets.UTF_8))
                    .contains("ratio Kafka / collection")
                    .contains("read_committed   bar -> order")
                    .contains("read_uncommitted bar -> order")
                    .contains("checkpoint");
        }
    }
}
