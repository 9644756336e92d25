package dev.algotrader.stream.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerAccount;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.core.venue.broker.BrokerPosition;
import dev.algotrader.core.venue.broker.CancelResult;
import dev.algotrader.core.venue.broker.ReplaceResult;
import dev.algotrader.core.venue.broker.SubmitResult;
import dev.algotrader.schema.Order;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** Waits between retries; tests pass a recording no-op. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final AlpacaSettings settings;
    private final String keyId;
    private final String secret;
    private final AlpacaHttp http;
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
        this.secrets =
                new Secrets(
                        Map.of(
                                settings.keyIdVariable(), keyId,
                                settings.secretVariable(), secret));
        this.http = new AlpacaHttp(settings, keyId, secret, sleeper, secrets);
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
        String body = AlpacaOrderJson.orderBody(order, settings.timeInForce());
        for (int retry = 0; ; retry++) {
            AlpacaHttp.Response r = http.call("POST", "/v2/orders", body);
            attempts[0]++;
            if (r.status() == 200 || r.status() == 201) {
                return new SubmitResult(
                        SubmitResult.Outcome.SUBMITTED,
                        AlpacaOrderJson.parseOrder(r.json()),
                        r.status(),
                        "",
                        attempts[0]);
            }
            if (r.status() == 401) throw http.unauthorized();
            if (r.status() == 403) {
                return rejected(r, attempts[0]);
            }
            if (r.status() == 422) {
                if (r.message().toLowerCase(Locale.ROOT).contains("client_order_id")) {
                    Optional<BrokerOrder> dup = lookup(order.clientOrderId(), attempts);
                    if (dup.isPresent()) {
                        return new SubmitResult(
                                SubmitResult.Outcome.ALREADY_SUBMITTED,
                                dup.get(),
                                r.status(),
                                r.message(),
                                attempts[0]);
                    }
                }
                return rejected(r, attempts[0]);
            }
            if (!r.retryable()) {
                return rejected(r, attempts[0]);
            }
            http.retryOrGiveUp(
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
            AlpacaHttp.Response r = http.call("DELETE", path, null);
            attempts[0]++;
            if (r.status() == 204 || r.status() == 200) {
                return new CancelResult(CancelResult.Outcome.CANCELED, o, r.status(), "");
            }
            if (r.status() == 401) throw http.unauthorized();
            if (r.status() == 404) {
                return new CancelResult(
                        CancelResult.Outcome.NOT_FOUND, o, 404, secrets.redact(r.message()));
            }
            if (r.status() == 422) {
                BrokerOrder now = lookup(clientOrderId, attempts).orElse(o);
                return new CancelResult(
                        CancelResult.Outcome.NOT_CANCELABLE, now, 422, secrets.redact(r.message()));
            }
            http.retryOrGiveUp(
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
        String body = AlpacaOrderJson.replaceBody(replacement, settings.timeInForce());
        for (int retry = 0; ; retry++) {
            AlpacaHttp.Response r = http.call("PATCH", path, body);
            attempts[0]++;
            if (r.status() == 200 || r.status() == 201) {
                BrokerOrder n = AlpacaOrderJson.parseOrder(r.json());
                BrokerOrder old = lookup(clientOrderId, attempts).orElse(o);
                return new ReplaceResult(
                        ReplaceResult.Outcome.REPLACED, old, n, r.status(), "", attempts[0]);
            }
            if (r.status() == 401) throw http.unauthorized();
            if (r.status() == 404) {
                return new ReplaceResult(
                        ReplaceResult.Outcome.NOT_FOUND,
                        o,
                        null,
                        404,
                        secrets.redact(r.message()),
                        attempts[0]);
            }
            if (r.status() == 422 || r.status() == 403) {
                BrokerOrder now = lookup(clientOrderId, attempts).orElse(o);
                return new ReplaceResult(
                        ReplaceResult.Outcome.NOT_REPLACEABLE,
                        now,
                        null,
                        r.status(),
                        secrets.redact(r.message()),
                        attempts[0]);
            }
            http.retryOrGiveUp(
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
        AlpacaHttp.Response r = http.getWithRetry(path, attempts, true);
        if (r.status() == 404) return Optional.empty();
        return Optional.of(AlpacaOrderJson.parseOrder(r.json()));
    }

    @Override
    public List<BrokerPosition> positions() {
        JsonNode arr = http.getWithRetry("/v2/positions", new int[] {0}, false).json();
        List<BrokerPosition> out = new ArrayList<>();
        for (JsonNode p : arr) {
            double qty = AlpacaOrderJson.num(p, "qty");
            if ("short".equals(p.path("side").asText()) && qty > 0) qty = -qty;
            out.add(
                    new BrokerPosition(
                            AlpacaOrderJson.normaliseSymbol(p.path("symbol").asText()),
                            qty,
                            AlpacaOrderJson.num(p, "avg_entry_price")));
        }
        return out;
    }

    @Override
    public List<BrokerOrder> openOrders() {
        JsonNode arr =
                http.getWithRetry("/v2/orders?status=open&limit=500", new int[] {0}, false).json();
        List<BrokerOrder> out = new ArrayList<>();
        for (JsonNode o : arr) out.add(AlpacaOrderJson.parseOrder(o));
        return out;
    }

    @Override
    public List<BrokerOrder> recentOrders(java.time.Instant after) {
        String path =
                "/v2/orders?status=all&limit=500&direction=desc"
                        + (after == null ? "" : "&after=" + after);
        JsonNode arr = http.getWithRetry(path, new int[] {0}, false).json();
        List<BrokerOrder> out = new ArrayList<>();
        for (JsonNode o : arr) out.add(AlpacaOrderJson.parseOrder(o));
        return out;
    }

    @Override
    public BrokerAccount account() {
        JsonNode a = http.getWithRetry("/v2/account", new int[] {0}, false).json();
        return new BrokerAccount(
                a.path("status").asText(),
                AlpacaOrderJson.num(a, "cash"),
                AlpacaOrderJson.num(a, "buying_power"),
                AlpacaOrderJson.num(a, "equity"));
    }

    private SubmitResult rejected(AlpacaHttp.Response r, int attempts) {
        return new SubmitResult(
                SubmitResult.Outcome.REJECTED,
                null,
                r.status(),
                secrets.redact(r.message()),
                attempts);
    }
}
