package dev.algotrader.stream.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerAccount;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.core.venue.broker.BrokerPosition;
import dev.algotrader.core.venue.broker.BrokerUnavailableException;
import dev.algotrader.core.venue.broker.CancelResult;
import dev.algotrader.core.venue.broker.ReplaceResult;
import dev.algotrader.core.venue.broker.SubmitResult;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca trading API v2 over HTTP ({@code POST /v2/orders}, {@code GET
 * /v2/orders:by_client_order_id}, {@code DELETE /v2/orders/{order_id}}, {@code PATCH
 * /v2/orders/{order_id}} (replace), {@code GET /v2/positions}, {@code GET /v2/orders?status=open},
 * {@code GET /v2/account}).
 *
 * <p>Retry rules: 429, 5xx and timeouts are retried with exponential backoff (a 429's {@code
 * Retry-After} is honoured up to the cap); before every re-submit the client order id is looked up,
 * because a POST that timed out may still have reached the broker. 403 (e.g. insufficient buying
 * power) and 422 (invalid order) are final rejections; a 422 about a duplicate client order id
 * means the order exists and is reported as already submitted. 401 means bad keys and stops the
 * trader. Keys travel only in the {@code APCA-API-KEY-ID}/{@code APCA-API-SECRET-KEY} headers and
 * never appear in a message, a log line or an event.
 */
public final class AlpacaBroker implements Broker {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between retries; tests pass a recording no-op. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final AlpacaSettings settings;
    private final String keyId;
    private final String secret;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Secrets secrets;

    /** Reads the keys from {@code environment} (normally {@code System.getenv()}). */
    public AlpacaBroker(AlpacaSettings settings, Map<String, String> environment, Sleeper sleeper) {
        this.settings = settings;
        this.keyId = environment.get(settings.keyIdVariable());
        this.secret = environment.get(settings.secretVariable());
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalStateException(
                    "Alpaca keys are missing: export "
                            + settings.keyIdVariable()
                            + " and "
                            + settings.secretVariable()
                            + " (paper keys from https://app.alpaca.markets), or use broker=paper");
        }
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
        this.sleeper = sleeper;
        this.secrets =
                new Secrets(
                        Map.of(
                                settings.keyIdVariable(), keyId,
                                settings.secretVariable(), secret));
    }

    /** Keys from the process environment, real sleeps. */
    public static AlpacaBroker fromEnvironment(AlpacaSettings settings) {
        return new AlpacaBroker(settings, System.getenv(), d -> Thread.sleep(d.toMillis()));
    }

    @Override
    public String name() {
        return settings.live() ? "alpaca-live" : "alpaca-paper";
    }

    @Override
    public SubmitResult submit(Order order) {
        int[] attempts = {0};
        Optional<BrokerOrder> existing = lookup(order.clientOrderId(), attempts);
        if (existing.isPresent()) {
            return new SubmitResult(
                    SubmitResult.Outcome.ALREADY_SUBMITTED, existing.get(), 200, "", attempts[0]);
        }
        String body = orderBody(order);
        for (int retry = 0; ; retry++) {
            Response r = call("POST", "/v2/orders", body);
            attempts[0]++;
            if (r.status == 200 || r.status == 201) {
                return new SubmitResult(
                        SubmitResult.Outcome.SUBMITTED,
                        parseOrder(r.json()),
                        r.status,
                        "",
                        attempts[0]);
            }
            if (r.status == 401) throw unauthorized();
            if (r.status == 403) {
                return rejected(r, attempts[0]);
            }
            if (r.status == 422) {
                if (r.message().toLowerCase(Locale.ROOT).contains("client_order_id")) {
                    Optional<BrokerOrder> dup = lookup(order.clientOrderId(), attempts);
                    if (dup.isPresent()) {
                        return new SubmitResult(
                                SubmitResult.Outcome.ALREADY_SUBMITTED,
                                dup.get(),
                                r.status,
                                r.message(),
                                attempts[0]);
                    }
                }
                return rejected(r, attempts[0]);
            }
            if (!r.retryable()) {
                return rejected(r, attempts[0]);
            }
            retryOrGiveUp(
                    true, retry, r, "did not accept order " + order.clientOrderId(), attempts);
            // the failed POST may have reached the broker: never send the same intent twice
            Optional<BrokerOrder> landed = lookup(order.clientOrderId(), attempts);
            if (landed.isPresent()) {
                return new SubmitResult(
                        SubmitResult.Outcome.SUBMITTED, landed.get(), 200, "", attempts[0]);
            }
        }
    }

    /**
     * {@code DELETE /v2/orders/{order_id}} after looking the client order id up (Alpaca cancels by
     * its own order id). 204 means accepted; 422 means no longer cancelable (filled meanwhile: the
     * order is read again so the caller sees its fills); 404 unknown. 429, 5xx and timeouts are
     * retried like every call.
     */
    @Override
    public CancelResult cancel(String clientOrderId) {
        int[] attempts = {0};
        Optional<BrokerOrder> found = lookup(clientOrderId, attempts);
        if (found.isEmpty()) return new CancelResult(CancelResult.Outcome.NOT_FOUND, null, 404, "");
        BrokerOrder o = found.get();
        if (o.status().equals("canceled") || o.status().equals("pending_cancel")) {
            return new CancelResult(CancelResult.Outcome.CANCELED, o, 200, "");
        }
        if (o.isFinal()) {
            return new CancelResult(
                    CancelResult.Outcome.NOT_CANCELABLE, o, 200, "order is " + o.status());
        }
        String path = "/v2/orders/" + URLEncoder.encode(o.id(), StandardCharsets.UTF_8);
        for (int retry = 0; ; retry++) {
            Response r = call("DELETE", path, null);
            attempts[0]++;
            if (r.status == 204 || r.status == 200) {
                return new CancelResult(CancelResult.Outcome.CANCELED, o, r.status, "");
            }
            if (r.status == 401) throw unauthorized();
            if (r.status == 404) {
                return new CancelResult(
                        CancelResult.Outcome.NOT_FOUND, o, 404, secrets.redact(r.message()));
            }
            if (r.status == 422) {
                BrokerOrder now = lookup(clientOrderId, attempts).orElse(o);
                return new CancelResult(
                        CancelResult.Outcome.NOT_CANCELABLE, now, 422, secrets.redact(r.message()));
            }
            retryOrGiveUp(
                    r.retryable(), retry, r, "did not cancel order " + clientOrderId, attempts);
        }
    }

    /**
     * Replace an order: {@code PATCH /v2/orders/{order_id}} with {@code qty}, {@code
     * time_in_force}, {@code limit_price} or {@code stop_price} and the replacement's {@code
     * client_order_id}, after looking both ids up (Alpaca replaces by its own order id). Alpaca
     * answers with a new order (new id, our client order id); the old one becomes {@code replaced},
     * and is read again so the caller sees its final fills. A replacement id Alpaca already has
     * means a replace sent before a restart landed: nothing is sent. 422 (not replaceable: filled
     * meanwhile, or accepted/pending_new/pending_cancel/pending_replace) and 403 are refusals, not
     * retried; 404 unknown; 429, 5xx and timeouts are retried with backoff, and before every retry
     * the replacement id is looked up (a PATCH that timed out may have landed).
     */
    @Override
    public ReplaceResult replace(String clientOrderId, Order replacement) {
        int[] attempts = {0};
        String newId = replacement.clientOrderId();
        Optional<BrokerOrder> done = lookup(newId, attempts);
        if (done.isPresent()) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.ALREADY_REPLACED,
                    lookup(clientOrderId, attempts).orElse(null),
                    done.get(),
                    200,
                    "",
                    attempts[0]);
        }
        Optional<BrokerOrder> found = lookup(clientOrderId, attempts);
        if (found.isEmpty()) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.NOT_FOUND, null, null, 404, "", attempts[0]);
        }
        BrokerOrder o = found.get();
        if (o.isFinal()) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.NOT_REPLACEABLE,
                    o,
                    null,
                    200,
                    "order is " + o.status(),
                    attempts[0]);
        }
        String path = "/v2/orders/" + URLEncoder.encode(o.id(), StandardCharsets.UTF_8);
        String body = replaceBody(replacement);
        for (int retry = 0; ; retry++) {
            Response r = call("PATCH", path, body);
            attempts[0]++;
            if (r.status == 200 || r.status == 201) {
                BrokerOrder n = parseOrder(r.json());
                BrokerOrder old = lookup(clientOrderId, attempts).orElse(o);
                return new ReplaceResult(
                        ReplaceResult.Outcome.REPLACED, old, n, r.status, "", attempts[0]);
            }
            if (r.status == 401) throw unauthorized();
            if (r.status == 404) {
                return new ReplaceResult(
                        ReplaceResult.Outcome.NOT_FOUND,
                        o,
                        null,
                        404,
                        secrets.redact(r.message()),
                        attempts[0]);
            }
            if (r.status == 422 || r.status == 403) {
                BrokerOrder now = lookup(clientOrderId, attempts).orElse(o);
                return new ReplaceResult(
                        ReplaceResult.Outcome.NOT_REPLACEABLE,
                        now,
                        null,
                        r.status,
                        secrets.redact(r.message()),
                        attempts[0]);
            }
            retryOrGiveUp(
                    r.retryable(), retry, r, "did not replace order " + clientOrderId, attempts);
            // the failed PATCH may have reached the broker: never replace twice
            Optional<BrokerOrder> landed = lookup(newId, attempts);
            if (landed.isPresent()) {
                BrokerOrder old = lookup(clientOrderId, attempts).orElse(o);
                return new ReplaceResult(
                        ReplaceResult.Outcome.REPLACED, old, landed.get(), 200, "", attempts[0]);
            }
        }
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) {
        return lookup(clientOrderId, new int[] {0});
    }

    private Optional<BrokerOrder> lookup(String clientOrderId, int[] attempts) {
        String path =
                "/v2/orders:by_client_order_id?client_order_id="
                        + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8);
        Response r = getWithRetry(path, attempts, true);
        if (r.status == 404) return Optional.empty();
        return Optional.of(parseOrder(r.json()));
    }

    @Override
    public List<BrokerPosition> positions() {
        JsonNode arr = getWithRetry("/v2/positions", new int[] {0}, false).json();
        List<BrokerPosition> out = new ArrayList<>();
        for (JsonNode p : arr) {
            double qty = num(p, "qty");
            if ("short".equals(p.path("side").asText()) && qty > 0) qty = -qty;
            out.add(
                    new BrokerPosition(
                            normaliseSymbol(p.path("symbol").asText()),
                            qty,
                            num(p, "avg_entry_price")));
        }
        return out;
    }

    @Override
    public List<BrokerOrder> openOrders() {
        JsonNode arr =
                getWithRetry("/v2/orders?status=open&limit=500", new int[] {0}, false).json();
        List<BrokerOrder> out = new ArrayList<>();
        for (JsonNode o : arr) out.add(parseOrder(o));
        return out;
    }

    @Override
    public List<BrokerOrder> recentOrders(java.time.Instant after) {
        String path =
                "/v2/orders?status=all&limit=500&direction=desc"
                        + (after == null ? "" : "&after=" + after);
        JsonNode arr = getWithRetry(path, new int[] {0}, false).json();
        List<BrokerOrder> out = new ArrayList<>();
        for (JsonNode o : arr) out.add(parseOrder(o));
        return out;
    }

    @Override
    public BrokerAccount account() {
        JsonNode a = getWithRetry("/v2/account", new int[] {0}, false).json();
        return new BrokerAccount(
                a.path("status").asText(),
                num(a, "cash"),
                num(a, "buying_power"),
                num(a, "equity"));
    }

    /** Alpaca answers crypto positions as {@code BTCUSD}; the platform writes {@code BTC/USD}. */
    static String normaliseSymbol(String s) {
        if (s.contains("/")) return s;
        for (String quote : List.of("USDT", "USDC", "USD", "BTC")) {
            if (s.endsWith(quote) && s.length() > quote.length()) {
                return s.substring(0, s.length() - quote.length()) + "/" + quote;
            }
        }
        return s;
    }

    private Response getWithRetry(String path, int[] attempts, boolean allow404) {
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
    private void retryOrGiveUp(
            boolean retryable, int retry, Response r, String what, int[] attempts) {
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

    private SubmitResult rejected(Response r, int attempts) {
        return new SubmitResult(
                SubmitResult.Outcome.REJECTED,
                null,
                r.status,
                secrets.redact(r.message()),
                attempts);
    }

    private IllegalStateException unauthorized() {
        return new IllegalStateException(
                "Alpaca refused the API keys (401): check "
                        + settings.keyIdVariable()
                        + "/"
                        + settings.secretVariable()
                        + " and that they belong to the "
                        + (settings.live() ? "live" : "paper")
                        + " account");
    }

    private String orderBody(Order o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", o.symbol());
        n.put("qty", decimal(o.quantity()));
        n.put("side", o.side() == Side.BUY ? "buy" : "sell");
        n.put("type", o.type().name().toLowerCase(Locale.ROOT));
        n.put("time_in_force", settings.timeInForce());
        if (o.type() == OrderType.LIMIT) n.put("limit_price", decimal(o.limitPrice()));
        if (o.type() == OrderType.STOP) n.put("stop_price", decimal(o.stopPrice()));
        n.put("client_order_id", o.clientOrderId());
        return n.toString();
    }

    private String replaceBody(Order o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("qty", decimal(o.quantity()));
        n.put("time_in_force", settings.timeInForce());
        if (o.type() == OrderType.LIMIT) n.put("limit_price", decimal(o.limitPrice()));
        if (o.type() == OrderType.STOP) n.put("stop_price", decimal(o.stopPrice()));
        n.put("client_order_id", o.clientOrderId());
        return n.toString();
    }

    private static String decimal(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    static BrokerOrder parseOrder(JsonNode o) {
        String side = o.path("side").asText("buy");
        return new BrokerOrder(
                o.path("id").asText(),
                o.path("client_order_id").asText(),
                o.path("symbol").asText(),
                "sell".equals(side) ? Side.SELL : Side.BUY,
                num(o, "qty"),
                num(o, "filled_qty"),
                num(o, "filled_avg_price"),
                o.path("status").asText());
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) return Double.NaN;
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    private Response call(String method, String path, String body) {
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
                            .map(AlpacaBroker::parseLongOrZero)
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

    private record Response(int status, String body, long retryAfterSeconds, String ioError) {
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
