package dev.algotrader.stream.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.venue.broker.BrokerUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca's HTTP transport: one authenticated call, GET with retries, the backoff rule (429's {@code
 * Retry-After} honoured up to the cap) and the one-line errors that give up. The keys travel only
 * in the {@code APCA-API-KEY-ID}/{@code APCA-API-SECRET-KEY} headers.
 */
final class AlpacaHttp {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlpacaSettings settings;
    private final String keyId;
    private final String secret;
    private final HttpClient http;
    private final AlpacaBroker.Sleeper sleeper;
    private final Secrets secrets;

    AlpacaHttp(
            AlpacaSettings settings,
            String keyId,
            String secret,
            AlpacaBroker.Sleeper sleeper,
            Secrets secrets) {
        this.settings = settings;
        this.keyId = keyId;
        this.secret = secret;
        this.sleeper = sleeper;
        this.secrets = secrets;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    Response getWithRetry(String path, int[] attempts, boolean allow404) {
        for (int retry = 0; ; retry++) {
            Response r = call("GET", path, null);
            attempts[0]++;
            if (r.status == 200 || (allow404 && r.status == 404)) return r;
            if (r.status == 401) throw unauthorized();
            retryOrGiveUp(
                    r.retryable(),
                    retry,
                    r,
                    "GET " + path.replaceAll("\\?.*", "") + " failed",
                    attempts);
        }
    }

    /**
     * Waits before the next attempt, or gives up with "Alpaca {@code what} after N attempts" when
     * the answer is final ({@code retryable} false) or the retries are used up.
     */
    void retryOrGiveUp(boolean retryable, int retry, Response r, String what, int[] attempts) {
        if (!retryable || retry >= settings.maxRetries()) {
            throw new BrokerUnavailableException(
                    "Alpaca "
                            + what
                            + " at "
                            + AlpacaEndpoint.redact(settings.baseUrl())
                            + " after "
                            + attempts[0]
                            + " attempts (last: "
                            + r.describe()
                            + "): check the network and algotrader.trader.alpaca."
                            + (settings.live() ? "live-url" : "paper-url"));
        }
        backoff(retry, r);
    }

    private void backoff(int retry, Response r) {
        long ms = settings.initialBackoff().toMillis() << Math.min(retry, 20);
        if (r.retryAfterSeconds > 0) ms = Math.max(ms, r.retryAfterSeconds * 1000L);
        Duration wait = Duration.ofMillis(Math.min(ms, settings.maxBackoff().toMillis()));
        LOG.info("Alpaca answered {}; retrying in {} ms", r.describe(), wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting to retry Alpaca");
        }
    }

    IllegalStateException unauthorized() {
        return new IllegalStateException(
                "Alpaca refused the API keys (401): check "
                        + settings.keyIdVariable()
                        + "/"
                        + settings.secretVariable()
                        + " and that they belong to the "
                        + (settings.live() ? "live" : "paper")
                        + " account");
    }

    Response call(String method, String path, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                        .timeout(settings.requestTimeout())
                        .header("APCA-API-KEY-ID", keyId)
                        .header("APCA-API-SECRET-KEY", secret)
                        .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            long retryAfter =
                    resp.headers()
                            .firstValue("Retry-After")
                            .map(AlpacaHttp::parseLongOrZero)
                            .orElse(0L);
            return new Response(resp.statusCode(), resp.body(), retryAfter, null);
        } catch (IOException e) {
            // timeouts and connection resets are retried like a 5xx
            String why = msg(e).isEmpty() && e.getCause() != null ? msg(e.getCause()) : msg(e);
            return new Response(
                    -1,
                    "",
                    0,
                    e.getClass().getSimpleName()
                            + (why.isEmpty() ? "" : ": " + secrets.redact(why)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while calling Alpaca");
        }
    }

    private static String msg(Throwable e) {
        return e.getMessage() == null ? "" : e.getMessage();
    }

    private static long parseLongOrZero(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    record Response(int status, String body, long retryAfterSeconds, String ioError) {
        boolean retryable() {
            return status == -1 || status == 429 || status >= 500;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new BrokerUnavailableException(
                        "Alpaca sent a response that is not JSON (HTTP " + status + ")");
            }
        }

        String message() {
            try {
                JsonNode n = JSON.readTree(body);
                if (n != null && n.has("message")) return n.get("message").asText();
            } catch (IOException | RuntimeException e) {
                // fall through to the raw body
            }
            return body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
        }

        String describe() {
            return status == -1 ? ioError : "HTTP " + status + " " + message();
        }
    }
}
