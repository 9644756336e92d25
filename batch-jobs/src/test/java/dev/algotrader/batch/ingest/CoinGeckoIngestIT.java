package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** CoinGecko OHLC through the whole ingest: close times become bar open times, volume is 0. */
class CoinGeckoIngestIT {

    @Test
    void ohlcCandlesBecomeBarsOpenedOneIntervalBeforeTheirCloseTime() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            String body =
                    "[[1709395200000, 61942, 62211, 61721, 61845],"
                            + " [1709409600000, 61828, 62139, 61726, 62139],"
                            + " [1709424000000, 62171, 62210, 61821, 62068]]";
            server.enqueue(new MockResponse.Builder().code(429).body("{}").build());
            server.enqueue(new MockResponse.Builder().code(200).body(body).build());
            AppConfig cfg =
                    SharedSpark.config(
                            "algotrader.ingest.sources.cg { type = coingecko, coin-id = bitcoin,"
                                    + " symbol = \"BTC/USD\", interval = 4h, days = \"7\" }");
            IngestRequest req = IngestRequest.resolve(cfg, "cg", List.of(), null, null);
            CoinGeckoClient client =
                    new CoinGeckoClient(
                            server.url("/api/v3").toString(),
                            "demo",
                            "k",
                            0,
                            2,
                            Duration.ofMillis(1),
                            ms -> {});
            JobSummary s =
                    IngestJob.run(
                            SharedSpark.get(),
                            cfg,
                            req,
                            new TestClock(Instant.parse("2026-01-01T00:00:00Z")),
                            "cg",
                            () -> client);
            assertThat(s.rowsIn()).isEqualTo(3);
            assertThat(s.rowsOut()).isEqualTo(3);
            List<Row> bars =
                    new DeltaStore(SharedSpark.get(), cfg.dataRoot())
                            .read(Table.BARS)
                            .orderBy("ts")
                            .collectAsList();
            assertThat(bars.get(0).<Long>getAs("ts")).isEqualTo(1709395200000L - 4 * 3_600_000L);
            assertThat(bars.get(0).<Double>getAs("open")).isEqualTo(61942.0);
            assertThat(bars.get(2).<Double>getAs("close")).isEqualTo(62068.0);
            assertThat(bars).allSatisfy(r -> assertThat(r.<Double>getAs("volume")).isZero());
            assertThat(bars.get(0).<String>getAs("source")).isEqualTo("cg");
        }
    }
}
