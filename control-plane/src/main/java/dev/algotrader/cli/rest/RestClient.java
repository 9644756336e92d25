package dev.algotrader.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON-over-HTTP client with bounded retries: transport failures and 5xx answers are
 * retried with exponential backoff, any other status is returned to the caller to interpret. Used
 * by the Airflow and Flink clients.
 */
public final class RestClient {

    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Sleeps between retries; tests pass a no-op. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A status code and the parsed JSON body (an empty object when the body is not JSON). */
    public record Response(int status, JsonNode body, String raw) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String service;
    private final URI base;
    private final Map<String, String> headers;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final HttpClient http;

    /**
     * @param service name used in error messages, e.g. {@code Airflow}
     * @param base base URL, e.g. {@code http://localhost:8080}
     * @param headers headers sent with every request (e.g. Authorization)
     */
    public RestClient(
            String service,
            URI base,
            Map<String, String> headers,
            int maxAttempts,
            Duration backoff,
            Duration timeout,
            Sleeper sleeper) {
        this.service = service;
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.timeout = timeout;
        this.sleeper = sleeper;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .build();
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response postJson(String path, Object body) {
        try {
            return send("POST", path, JSON.writeValueAsBytes(body), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
    }

    public Response patchJson(String path, Object body) {
        try {
            return send("PATCH", path, JSON.writeValueAsBytes(body), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
    }

    /** Sends a request with a raw body (e.g. multipart); retries transport errors and 5xx. */
    public Response send(String method, String path, byte[] body, String contentType) {
        URI uri = resolve(path);
        Exception lastError = null;
        Response last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Accept", "application/json");
            headers.forEach(b::header);
            if (contentType != null) b.header("Content-Type", contentType);
            b.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                last = new Response(r.statusCode(), parse(r.body()), r.body());
                if (r.statusCode() < 500) return last;
                LOG.warn(
                        "{} {} {} answered {} (attempt {}/{})",
                        service,
                        method,
                        uri,
                        r.statusCode(),
                        attempt,
                        maxAttempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailable(service + " call interrupted");
            } catch (IOException e) {
                lastError = e;
                LOG.warn(
                        "{} {} {} failed (attempt {}/{}): {}",
                        service,
                        method,
                        uri,
                        attempt,
                        maxAttempts,
                        e.toString());
            }
            if (attempt < maxAttempts) pause(backoff.multipliedBy(1L << (attempt - 1)));
        }
        if (last != null && lastError == null) {
            throw new ServiceUnavailable(
                    service
                            + " answered HTTP "
                            + last.status()
                            + " "
                            + errorText(last)
                            + " after "
                            + maxAttempts
                            + " attempts ("
                            + method
                            + " "
                            + uri.getPath()
                            + "): check the "
                            + service
                            + " server's logs and retry");
        }
        throw new ServiceUnavailable(
                "cannot reach "
                        + service
                        + " at "
                        + base
                        + " ("
                        + describe(lastError)
                        + " after "
                        + maxAttempts
                        + " attempts): is it running, and is the URL right?");
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable(service + " call interrupted");
        }
    }

    private URI resolve(String path) {
        String b = base.toString();
        if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + path);
    }

    private static String describe(Exception e) {
        if (e instanceof ConnectException) return "connection refused";
        if (e instanceof HttpTimeoutException) return "timed out";
        return e == null ? "no answer" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * The human part of an error body: Airflow's problem+json {@code detail}/{@code title}, Flink's
     * {@code errors[0]}, else the raw text (shortened).
     */
    public static String errorText(Response r) {
        JsonNode b = r.body();
        if (b.hasNonNull("detail")) return b.get("detail").asText();
        if (b.has("errors") && b.get("errors").isArray() && b.get("errors").size() > 0) {
            String first = b.get("errors").get(0).asText();
            int nl = first.indexOf('\n');
            return nl > 0 ? first.substring(0, nl) : first;
        }
        if (b.hasNonNull("title")) return b.get("title").asText();
        String raw = r.raw() == null ? "" : r.raw().strip();
        return raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
    }

    /** A service that cannot be reached or keeps failing; a one-line message for the user. */
    public static final class ServiceUnavailable extends RuntimeException {
        public ServiceUnavailable(String message) {
            super(message);
        }
    }
}
