package dev.algotrader.stream.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.schema.Bar;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The trader's CoinGecko polling against a local server on 127.0.0.1 answering {@code
 * /coins/{id}/ohlc} as CoinGecko documents it: {@code [[closeTimeMs, o, h, l, c], ...]}, 30-minute
 * candles for {@code days=1}, the newest one possibly still forming.
 */
class CoinGeckoBarFeedTest {

    static final long HALF_HOUR = 30 * 60_000L;

    static CoinGeckoBarFeed feed(MockWebServer server, String days, String interval) {
        return new CoinGeckoBarFeed(
                "http://127.0.0.1:" + server.getPort() + "/api/v3",
                "demo",
                0,
                2,
                Duration.ofMillis(1),
                Map.of("BTC/USD", "bitcoin"),
                days,
                interval);
    }

    @Test
    void candlesBecomeBarsOpenedHalfAnHourBeforeTheirCloseTime() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(
                    new MockResponse.Builder()
                            .code(200)
                            .setHeader("Content-Type", "application/json")
                            .body(
                                    "[[1709395200000, 61942, 62211, 61721, 61845],"
                                            + " [1709397000000, 61828, 62139, 61726, 62139],"
                                            + " [1709398800000, 62171, 62210, 61821, 62068]]")
                            .build());
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            List<Bar> bars =
                    feed(server, "1", "30m").fetch(List.of("BTC/USD"), 1709395200000L - HALF_HOUR);
            assertThat(bars)
                    .containsExactly(
                            new Bar(
                                    "BTC/USD",
                                    "30m",
                                    1709395200000L - HALF_HOUR,
                                    61942,
                                    62211,
                                    61721,
                                    61845,
                                    0),
                            new Bar(
                                    "BTC/USD",
                                    "30m",
                                    1709397000000L - HALF_HOUR,
                                    61828,
                                    62139,
                                    61726,
                                    62139,
                                    0),
                            new Bar(
                                    "BTC/USD",
                                    "30m",
                                    1709398800000L - HALF_HOUR,
                                    62171,
                                    62210,
                                    61821,
                                    62068,
                                    0));
            RecordedRequest r = server.takeRequest();
            assertThat(r.getTarget())
                    .isEqualTo("/api/v3/coins/bitcoin/ohlc?vs_currency=usd&days=1");
        }
    }

    @Test
    void thePollerEmitsEachCompleteCandleOnceAndNeverTheFormingOne() throws Exception {
        long now = System.currentTimeMillis();
        long lastClosed = now - now % HALF_HOUR; // the newest candle whose close time has passed
        String body =
                "["
                        + candle(lastClosed - HALF_HOUR, 100)
                        + ","
                        + candle(lastClosed, 101)
                        + ","
                        + candle(lastClosed + HALF_HOUR, 102) // still forming
                        + ",[\"oops\"]]";
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(
                    new Dispatcher() {
                        @Override
                        public MockResponse dispatch(RecordedRequest r) {
                            return new MockResponse.Builder().code(200).body(body).build();
                        }
                    });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            BarPoller poller =
                    new BarPoller(
                            feed(server, "1", "30m"),
                            List.of("BTC/USD"),
                            Map.of(),
                            HALF_HOUR,
                            Duration.ofHours(12).toMillis());
            poller.open(null);
            List<Bar> first = poller.map(0L).bars();
            assertThat(first)
                    .extracting(Bar::closeTime)
                    .containsExactly(lastClosed - HALF_HOUR, lastClosed);
            assertThat(first).allSatisfy(b -> assertThat(b.invalidReason()).isNull());
            assertThat(poller.map(1L).bars()).as("nothing new on the next poll").isEmpty();
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void anIntervalThatIsNotCoinGeckosCandleLengthIsRefusedWithWhatToSet() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            assertThatThrownBy(() -> feed(server, "1", "1m"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gives 30m candles")
                    .hasMessageContaining("algotrader.trader.interval = \"30m\"");
            assertThat(CoinGeckoBarFeed.vsCurrency("ETH/EUR")).isEqualTo("eur");
            assertThatThrownBy(() -> feed(server, "14", "4h").coinId("ETH/USD"))
                    .hasMessageContaining("coin-ids");
        }
    }

    private static String candle(long closeMs, double px) {
        return "[" + closeMs + "," + px + "," + (px + 2) + "," + (px - 1) + "," + (px + 1) + "]";
    }
}
