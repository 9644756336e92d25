package dev.algotrader.core.data.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CoinGecko client against a local server answering with bodies shaped like CoinGecko's docs.
 */
class CoinGeckoClientTest {

    /** {@code /coins/bitcoin/ohlc?vs_currency=usd&days=1} as in CoinGecko's API reference. */
    static final String OHLC =
            "[[1709395200000, 61942, 62211, 61721, 61845],"
                    + " [1709409600000, 61828, 62139, 61726, 62139],"
                    + " [1709424000000, 62171, 62210, 61821, 62068]]";

    static final String RANGE =
            "{\"prices\": [[1704067200000, 42261.04], [1704069000000, 42300.5], [1704070800000, 42475.2]],"
                    + " \"market_caps\": [[1704067200000, 827596236151.2], [1704069000000, 828000000000.0], [1704070800000, 831956251272.8]],"
                    + " \"total_volumes\": [[1704067200000, 14183731063.6], [1704069000000, 14200000000.0], [1704070800000, 14541733044.9]]}";

    MockWebServer server;
    List<Long> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    CoinGeckoClient client(String plan, String key, int rpm) {
        return new CoinGeckoClient(
                server.url("/api/v3").toString(),
                plan,
                key,
                rpm,
                3,
                Duration.ofMillis(500),
                sleeps::add);
    }

    @Test
    void okResponseSendsTheDemoKeyHeaderAndParsesCandles() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(OHLC).build());
        JsonNode n = client("demo", "cg-demo-key", 0).ohlc("bitcoin", "usd", "1");
        assertThat(n.size()).isEqualTo(3);
        assertThat(n.get(0).get(0).asLong()).isEqualTo(1709395200000L);
        RecordedRequest req = server.takeRequest();
        assertThat(req.getTarget()).isEqualTo("/api/v3/coins/bitcoin/ohlc?vs_currency=usd&days=1");
        assertThat(req.getHeaders().get("x-cg-demo-api-key")).isEqualTo("cg-demo-key");
        assertThat(req.getHeaders().get("x-cg-pro-api-key")).isNull();
    }

    @Test
    void proPlanSendsTheProHeader() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body(RANGE).build());
        JsonNode n =
                client("pro", "cg-pro-key", 0)
                        .marketChartRange("bitcoin", "usd", 1704067200L, 1704070800L);
        assertThat(n.path("prices").size()).isEqualTo(3);
        RecordedRequest req = server.takeRequest();
        assertThat(req.getTarget())
                .isEqualTo(
                        "/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1704067200&to=1704070800");
        assertThat(req.getHeaders().get("x-cg-pro-api-key")).isEqualTo("cg-pro-key");
    }

    @Test
    void rateLimitedThenOkBacksOffAndRetries() throws Exception {
        String limited =
                "{\"status\": {\"error_code\": 429, \"error_message\": \"You've exceeded the Rate Limit.\"}}";
        server.enqueue(new MockResponse.Builder().code(429).body(limited).build());
        server.enqueue(
                new MockResponse.Builder()
                        .code(429)
                        .setHeader("Retry-After", "7")
                        .body(limited)
                        .build());
        server.enqueue(new MockResponse.Builder().code(200).body(OHLC).build());
        JsonNode n = client("demo", null, 0).ohlc("bitcoin", "usd", "1");
        assertThat(n.size()).isEqualTo(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
        // first wait is the initial backoff, the second honours Retry-After
        assertThat(sleeps).containsExactly(500L, 7_000L);
    }

    @Test
    void rateLimitedBeyondMaxRetriesIsAClearError() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(429).body("{}").build());
        }
        assertThatThrownBy(() -> client("demo", null, 0).ohlc("bitcoin", "usd", "1"))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("failed with 429")
                .hasMessageContaining("after 4 attempts");
    }

    @Test
    void unauthorizedIsAClearErrorAboutTheKeyAndNeverShowsIt() {
        server.enqueue(
                new MockResponse.Builder()
                        .code(401)
                        .body(
                                "{\"status\": {\"error_code\": 10002, \"error_message\": \"API Key Missing\"}}")
                        .build());
        assertThatThrownBy(() -> client("demo", "secret-key-123", 0).ohlc("bitcoin", "usd", "1"))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("401 API Key Missing")
                .hasMessageContaining("COINGECKO_API_KEY")
                .message()
                .doesNotContain("secret-key-123");
    }

    @Test
    void clientSideRateLimitSpacesRequests() {
        for (int i = 0; i < 3; i++)
            server.enqueue(new MockResponse.Builder().code(200).body(OHLC).build());
        CoinGeckoClient c = client("demo", null, 6); // one request per 10 s
        c.ohlc("bitcoin", "usd", "1");
        c.ohlc("bitcoin", "usd", "1");
        c.ohlc("bitcoin", "usd", "1");
        assertThat(sleeps).hasSize(2).allSatisfy(ms -> assertThat(ms).isBetween(9_000L, 10_000L));
    }

    @Test
    void unknownPlanIsRefused() {
        assertThatThrownBy(() -> client("gold", null, 0))
                .isInstanceOf(CoinGeckoException.class)
                .hasMessageContaining("use demo or pro");
    }
}
