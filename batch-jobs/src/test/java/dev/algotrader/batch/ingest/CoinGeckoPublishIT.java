package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.kafka.broker.EmbeddedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.TopicCodec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live ingest → Kafka ({@code ingest --publish}): CoinGecko candles from a fake server land in
 * bronze/silver and each closed bar goes once to {@code bars.4h} (key = symbol), also when the
 * publish runs again.
 */
class CoinGeckoPublishIT {

    @TempDir Path tmp;

    @Test
    void ingestedBarsLandInSilverAndGoOnceToTheirBarsTopic() throws Exception {
        try (MockWebServer server = new MockWebServer();
                EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"), 2)) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            server.enqueue(
                    new MockResponse.Builder()
                            .code(200)
                            .body(
                                    "[[1709395200000, 61942, 62211, 61721, 61845],"
                                            + " [1709409600000, 61828, 62139, 61726, 62139],"
                                            + " [1709424000000, 62171, 62210, 61821, 62068]]")
                            .build());
            AppConfig cfg =
                    SharedSpark.config(
                            "algotrader.ingest.sources.cg { type = coingecko, coin-id = bitcoin,"
                                    + " symbol = \"BTC/USD\", interval = 4h, days = \"7\" }");
            CoinGeckoClient client =
                    new CoinGeckoClient(
                            server.url("/api/v3").toString(),
                            "demo",
                            "k",
                            0,
                            2,
                            Duration.ofMillis(1),
                            ms -> {});
            IngestJob.run(
                    SharedSpark.get(),
                    cfg,
                    IngestRequest.resolve(cfg, "cg", List.of(), null, null),
                    new TestClock(Instant.parse("2026-01-01T00:00:00Z")),
                    "cg",
                    () -> client);
            KafkaSettings kafka =
                    KafkaSettings.from(cfg).withBootstrapServers(broker.bootstrapServers());
            DeltaStore store = new DeltaStore(SharedSpark.get(), cfg.dataRoot());

            List<BarsFeed.Result> first =
                    BarsFeed.publishIngested(kafka, store.read(Table.BARS), List.of("BTC/USD"));
            List<BarsFeed.Result> again =
                    BarsFeed.publishIngested(kafka, store.read(Table.BARS), List.of("BTC/USD"));

            assertThat(first)
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.topic()).isEqualTo("bars.4h");
                                assertThat(r.published()).isEqualTo(3);
                            });
            assertThat(again).singleElement().satisfies(r -> assertThat(r.published()).isZero());
            assertThat(store.read(Table.BARS).count()).as("still landed in silver").isEqualTo(3);
            List<ConsumerRecord<byte[], byte[]>> records = read(broker, "bars.4h", 3);
            assertThat(records).hasSize(3);
            assertThat(records)
                    .allSatisfy(
                            r ->
                                    assertThat(new String(r.key(), StandardCharsets.UTF_8))
                                            .isEqualTo("BTC/USD"));
            Bar b = TopicCodec.decodeBar(records.get(0).value());
            assertThat(b.ts()).isEqualTo(1709395200000L - 4 * 3_600_000L);
            assertThat(b.open()).isEqualTo(61942.0);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            EmbeddedKafka broker, String topic, int atLeast) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("group.id", "it-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < atLeast && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // a little longer: nothing more may arrive (no duplicate)
            c.poll(Duration.ofSeconds(2)).forEach(out::add);
        }
        return out;
    }
}
