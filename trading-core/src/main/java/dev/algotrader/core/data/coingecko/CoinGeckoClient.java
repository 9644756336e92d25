package dev.algotrader.core.data.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minimal CoinGecko v3 client, used by the batch ingest and the trader's bar poller. Rate limit: at
 * most {@code requests-per-minute} requests, spaced evenly. A 429 (or 5xx) is retried up to {@code
 * max-retries} times, waiting {@code Retry-After} when given, else {@code initial-backoff} doubled
 * per attempt. A 401/403 is a clear error about the key.
 */
public final class CoinGeckoClient {

    private static final Logger LOG = LoggerFactory.getLogger(CoinGeckoClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String plan;
    private final String apiKey;
    private final long minSpacingMillis;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final HttpClient http;
    private final Sleeper sleeper;
    private long lastRequestNanos;
    private boolean requested;

    /** Pauses the calling thread; replaceable in tests. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public CoinGeckoClient(
            String baseUrl,
            String plan,
            String apiKey,
            int requestsPerMinute,
            int maxRetries,
            Duration initialBackoff,
            Sleeper sleeper) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.plan = plan.toLowerCase(Locale.ROOT);
        if (!this.plan.equals("demo") && !this.plan.equals("pro")) {
            throw new CoinGeckoException(
                    "algotrader.coingecko.plan is '" + plan + "': use demo or pro");
        }
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.minSpacingMillis = requestsPerMinute <= 0 ? 0 : 60_000L / requestsPerMinute;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client from {@code algotrader.coingecko}, with the key from {@code COINGECKO_API_KEY}. */
    public static CoinGeckoClient from(AppConfig config) {
        Config c = config.area("coingecko");
        return new CoinGeckoClient(
                c.getString("base-url"),
                c.getString("plan"),
                System.getenv("COINGECKO_API_KEY"),
                c.getInt("requests-per-minute"),
                c.getInt("max-retries"),
                c.getDuration("initial-backoff"),
                Thread::sleep);
    }

    /**
     * {@code GET /coins/{id}/ohlc?vs_currency=..&days=..}: {@code [[closeMs, o, h, l, c], ...]}.
     */
    public JsonNode ohlc(String coinId, String vsCurrency, String days) {
        return get(
                "/coins/"
                        + enc(coinId)
                        + "/ohlc?vs_currency="
                        + enc(vsCurrency)
                        + "&days="
                        + enc(days));
    }

    /**
     * {@code GET /coins/{id}/market_chart/range?vs_currency=..&from=..&to=..} (UNIX seconds):
     * {@code {"prices":[[ms, p]...], "market_caps":[...], "total_volumes":[...]}}.
     */
    public JsonNode marketChartRange(String coinId, String vsCurrency, long fromSec, long toSec) {
        return get(
                "/coins/"
                        + enc(coinId)
                        + "/market_chart/range?vs_currency="
                        + enc(vsCurrency)
                        + "&from="
                        + fromSec
                        + "&to="
                        + toSec);
    }

    /** The URL of a path, for records' {@code source_file} (never contains the key). */
    public String url(String pathAndQuery) {
        return baseUrl + pathAndQuery;
    }

    /** {@code GET} of a path below the base URL with the plan's key, pacing and retries. */
    public JsonNode get(String pathAndQuery) {
        String url = url(pathAndQuery);
        long backoff = initialBackoff.toMillis();
        for (int attempt = 0; ; attempt++) {
            pace();
            HttpRequest.Builder rb =
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .header("accept", "application/json");
            if (apiKey != null) {
                rb.header(plan.equals("pro") ? "x-cg-pro-api-key" : "x-cg-demo-api-key", apiKey);
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(rb.GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CoinGeckoException(
                        "cannot reach CoinGecko at " + baseUrl + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling CoinGecko", e);
            }
            int code = resp.statusCode();
            if (code == 200) {
                try {
                    return JSON.readTree(resp.body());
                } catch (IOException e) {
                    throw new CoinGeckoException(
                            "CoinGecko returned invalid JSON for " + url + ": " + e.getMessage(),
                            e);
                }
            }
            if (code == 401 || code == 403) {
                throw new CoinGeckoException(
                        "CoinGecko refused the request ("
                                + code
                                + " "
                                + errorMessage(resp.body())
                                + "): set COINGECKO_API_KEY to a valid "
                                + plan
                                + " key (and algotrader.coingecko.plan to demo or pro to match it)");
            }
            boolean retryable = code == 429 || code >= 500;
            if (!retryable || attempt >= maxRetries) {
                throw new CoinGeckoException(
                        "CoinGecko request "
                                + url
                                + " failed with "
                                + code
                                + " "
                                + errorMessage(resp.body())
                                + (retryable ? " after " + (attempt + 1) + " attempts" : ""));
            }
            long wait =
                    resp.headers()
                            .firstValue("retry-after")
                            .map(CoinGeckoClient::seconds)
                            .orElse(backoff);
            LOG.warn(
                    "CoinGecko answered {}; retry {} of {} in {} ms",
                    code,
                    attempt + 1,
                    maxRetries,
                    wait);
            sleep(wait);
            backoff *= 2;
        }
    }

    private void pace() {
        if (minSpacingMillis > 0 && requested) {
            long since = (System.nanoTime() - lastRequestNanos) / 1_000_000;
            if (since < minSpacingMillis) sleep(minSpacingMillis - since);
        }
        lastRequestNanos = System.nanoTime();
        requested = true;
    }

    private void sleep(long ms) {
        try {
            sleeper.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for CoinGecko", e);
        }
    }

    private static Long seconds(String s) {
        try {
            return Long.parseLong(s.trim()) * 1000L;
        } catch (NumberFormatException e) {
            return 1000L;
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode status = n.path("status");
            if (status.has("error_message")) return status.get("error_message").asText();
            if (n.has("error")) return n.get("error").asText();
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
