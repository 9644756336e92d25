package dev.algotrader.stream.bars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Alpaca crypto market data: {@code GET /v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min
 * &start=...}, following {@code next_page_token} until it is null. The response is {@code
 * {"bars":{"BTC/USD":[{"t":"2024-01-01T00:00:00Z","o":..,"h":..,"l":..,"c":..,"v":..,"n":..,
 * "vw":..}]},"next_page_token":null}}. Crypto data needs no keys; they are sent when present.
 */
public final class AlpacaBarsClient implements BarFeed {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dataUrl;
    private final String interval;
    private final Duration timeout;
    private transient HttpClient http;

    public AlpacaBarsClient(String dataUrl, String interval, Duration timeout) {
        this.dataUrl = dataUrl;
        this.interval = interval;
        this.timeout = timeout;
        timeframe(interval);
    }

    /** Alpaca's timeframe for a platform interval: 1m → 1Min, 1h → 1Hour, 1d → 1Day. */
    public static String timeframe(String interval) {
        BarInterval bi = BarInterval.parse(interval);
        String n = interval.substring(0, interval.length() - 1);
        return switch (interval.charAt(interval.length() - 1)) {
            case 'm' -> n + "Min";
            case 'h' -> n + "Hour";
            case 'd' -> n + "Day";
            default ->
                    throw new IllegalArgumentException(
                            "Alpaca has no bars of " + bi.text() + ": use minutes, hours or days");
        };
    }

    @Override
    public String name() {
        return "alpaca";
    }

    /** As {@link #fetch(List, long, Map)} with keys from this process's environment. */
    @Override
    public List<Bar> fetch(List<String> symbols, long startMillis)
            throws IOException, InterruptedException {
        return fetch(symbols, startMillis, System.getenv());
    }

    /**
     * All bars of {@code symbols} with open time at or after {@code startMillis}, every page, in
     * the order Alpaca returns them (per symbol ascending).
     */
    public List<Bar> fetch(List<String> symbols, long startMillis, Map<String, String> env)
            throws IOException, InterruptedException {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(timeout).build();
        List<Bar> out = new ArrayList<>();
        String token = null;
        do {
            StringBuilder url =
                    new StringBuilder(dataUrl)
                            .append("/v1beta3/crypto/us/bars?symbols=")
                            .append(enc(String.join(",", symbols)))
                            .append("&timeframe=")
                            .append(timeframe(interval))
                            .append("&start=")
                            .append(enc(Instant.ofEpochMilli(startMillis).toString()))
                            .append("&limit=1000");
            if (token != null) url.append("&page_token=").append(enc(token));
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(url.toString()))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET();
            String key = env.get("APCA_API_KEY_ID");
            String secret = env.get("APCA_API_SECRET_KEY");
            if (key != null && secret != null) {
                b.header("APCA-API-KEY-ID", key).header("APCA-API-SECRET-KEY", secret);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("Alpaca market data answered HTTP " + r.statusCode());
            }
            JsonNode root = JSON.readTree(r.body());
            JsonNode bars = root.path("bars");
            for (Iterator<Map.Entry<String, JsonNode>> it = bars.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                for (JsonNode b0 : e.getValue()) {
                    out.add(
                            new Bar(
                                    e.getKey(),
                                    interval,
                                    Instant.parse(b0.path("t").asText()).toEpochMilli(),
                                    b0.path("o").asDouble(),
                                    b0.path("h").asDouble(),
                                    b0.path("l").asDouble(),
                                    b0.path("c").asDouble(),
                                    b0.path("v").asDouble()));
                }
            }
            JsonNode next = root.get("next_page_token");
            token = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
        } while (token != null);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
