package dev.algotrader.stream.bars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.schema.Bar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Crypto bars polling follows next_page_token and maps Alpaca's bar shape to the platform's. */
class AlpacaBarsClientTest {

    @Test
    void followsPagesAndParsesTheDocumentedShape() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(
                    new MockResponse.Builder()
                            .code(200)
                            .body(
                                    "{\"bars\":{\"BTC/USD\":[{\"t\":\"2024-01-01T00:00:00Z\",\"o\":42000.5,"
                                            + "\"h\":42010,\"l\":41990,\"c\":42005,\"v\":1.25,\"n\":31,"
                                            + "\"vw\":42001.2}]},\"next_page_token\":\"QlRDL1VTRHwx\"}")
                            .build());
            server.enqueue(
                    new MockResponse.Builder()
                            .code(200)
                            .body(
                                    "{\"bars\":{\"BTC/USD\":[{\"t\":\"2024-01-01T00:01:00Z\",\"o\":42005,"
                                            + "\"h\":42020,\"l\":42000,\"c\":42015,\"v\":0.5,\"n\":9,"
                                            + "\"vw\":42010}]},\"next_page_token\":null}")
                            .build());
            server.start();
            AlpacaBarsClient c =
                    new AlpacaBarsClient(
                            "http://127.0.0.1:" + server.getPort(), "1m", Duration.ofSeconds(5));
            List<Bar> bars = c.fetch(List.of("BTC/USD"), 1_704_067_200_000L, Map.of());
            assertThat(bars)
                    .containsExactly(
                            new Bar(
                                    "BTC/USD",
                                    "1m",
                                    1_704_067_200_000L,
                                    42000.5,
                                    42010,
                                    41990,
                                    42005,
                                    1.25),
                            new Bar(
                                    "BTC/USD",
                                    "1m",
                                    1_704_067_260_000L,
                                    42005,
                                    42020,
                                    42000,
                                    42015,
                                    0.5));
            RecordedRequest first = server.takeRequest();
            assertThat(first.getTarget())
                    .isEqualTo(
                            "/v1beta3/crypto/us/bars?symbols=BTC%2FUSD&timeframe=1Min"
                                    + "&start=2024-01-01T00%3A00%3A00Z&limit=1000");
            assertThat(server.takeRequest().getTarget()).endsWith("&page_token=QlRDL1VTRHwx");
        }
    }

    @Test
    void timeframesMapFromPlatformIntervals() {
        assertThat(AlpacaBarsClient.timeframe("1m")).isEqualTo("1Min");
        assertThat(AlpacaBarsClient.timeframe("15m")).isEqualTo("15Min");
        assertThat(AlpacaBarsClient.timeframe("1h")).isEqualTo("1Hour");
        assertThat(AlpacaBarsClient.timeframe("1d")).isEqualTo("1Day");
    }
}
