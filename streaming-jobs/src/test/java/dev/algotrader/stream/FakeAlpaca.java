package dev.algotrader.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local server on 127.0.0.1 speaking Alpaca's trading API v2 as documented: {@code POST
 * /v2/orders} (market orders fill at once at {@link #fillPrice}), {@code GET
 * /v2/orders:by_client_order_id}, {@code GET /v2/orders?status=open}, {@code GET /v2/positions}
 * ({@code BTCUSD}-style symbols, string quantities), {@code GET /v2/account}, {@code DELETE
 * /v2/orders/{order_id}} (204, or 422 when the order is final), {@code PATCH /v2/orders/{order_id}}
 * (replace: a new order with a new id and the given client order id, the old one {@code replaced};
 * 422 when the old order is final or the new client order id is taken); errors as {@code
 * {"code":...,"message":...}}. Faults can be scripted for the next POSTs and PATCHes. With {@link
 * #marketFillParts} above 1 a market order fills in that many equal parts: one at the POST, one
 * more at every look-up of its client order id. It records every request with its headers so tests
 * can check keys were sent and client order ids arrived once.
 */
public final class FakeAlpaca implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scripted answer to the next POST /v2/orders. */
    public enum Fault {
        RATE_LIMIT_429,
        SERVER_500,
        /** the order is accepted but the answer comes too late (client timeout) */
        ACCEPT_THEN_TIMEOUT,
        INSUFFICIENT_BUYING_POWER_403,
        UNPROCESSABLE_422
    }

    public final MockWebServer server = new MockWebServer();
    public final Map<String, ObjectNode> orders = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> acceptedPosts = new ConcurrentHashMap<>();
    public final List<String> requestLines =
            java.util.Collections.synchronizedList(new ArrayList<>());

    /** One accepted replace: old and new client order id and the new order's qty and prices. */
    public record Replace(
            String from, String to, double qty, String limitPrice, String stopPrice) {}

    /** Replaces accepted through {@code PATCH /v2/orders/{id}}, in order. */
    public final List<Replace> replaces = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Market orders fill in this many equal parts (1 = at once). */
    public volatile int marketFillParts = 1;

    /** Every PATCH answers 422, as for an order that stays in {@code pending_new}. */
    public volatile boolean refuseEveryPatch;

    private final Deque<Fault> patchFaults = new ArrayDeque<>();

    /** Client order ids of the orders cancelled through {@code DELETE /v2/orders/{id}}. */
    public final List<String> cancels = java.util.Collections.synchronizedList(new ArrayList<>());

    public final List<String> keyHeaders =
            java.util.Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, double[]> positions = new LinkedHashMap<>();
    public volatile double fillPrice = 1000.0;

    /** Every answer waits this long first (a slow broker API; 0 = none). */
    public volatile long responseDelayMs;

    public volatile long timeoutDelayMs = 1500;

    public FakeAlpaca() throws IOException {
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        try {
                            slowDown();
                            return handle(r);
                        } catch (IOException e) {
                            return json(500, err(50000000, e.toString()));
                        }
                    }
                });
        // answer without Nagle's delay (MockWebServer writes headers and body separately)
        server.setServerSocketFactory(
                new javax.net.ServerSocketFactory() {
                    @Override
                    public java.net.ServerSocket createServerSocket() throws IOException {
                        return new NoDelayServerSocket();
                    }

                    @Override
                    public java.net.ServerSocket createServerSocket(int port) throws IOException {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public java.net.ServerSocket createServerSocket(int port, int backlog)
                            throws IOException {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public java.net.ServerSocket createServerSocket(
                            int port, int backlog, java.net.InetAddress addr) throws IOException {
                        throw new UnsupportedOperationException();
                    }
                });
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    }

    private static final class NoDelayServerSocket extends java.net.ServerSocket {
        NoDelayServerSocket() throws IOException {
            super();
        }

        @Override
        public java.net.Socket accept() throws IOException {
            java.net.Socket s = super.accept();
            s.setTcpNoDelay(true);
            return s;
        }
    }

    private void slowDown() {
        long d = responseDelayMs;
        if (d <= 0) return;
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /**
     * An Alpaca broker factory pointed at this server with fast retries ({@code retries} attempts,
     * backoff from {@code initial} to {@code max}, {@code timeout} per request).
     */
    public dev.algotrader.stream.broker.BrokerFactory brokerFactory(
            String keyId,
            String secret,
            int retries,
            java.time.Duration initial,
            java.time.Duration max,
            java.time.Duration timeout) {
        String url = baseUrl();
        return () ->
                new dev.algotrader.stream.broker.AlpacaBroker(
                        dev.algotrader.stream.broker.AlpacaSettings.paper(url)
                                .withRetries(retries, initial, max, timeout),
                        Map.of("APCA_API_KEY_ID", keyId, "APCA_API_SECRET_KEY", secret),
                        d -> Thread.sleep(d.toMillis()));
    }

    /** The trader's configuration for a test: events and control file under {@code dir}. */
    public static dev.algotrader.core.config.AppConfig traderConfig(
            java.nio.file.Path dir, String... lines) {
        List<String> all = new ArrayList<>();
        all.add("algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"");
        all.add("algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"");
        all.addAll(List.of(lines));
        return dev.algotrader.core.config.AppConfig.withOverrides(String.join("\n", all));
    }

    /** The events the trader wrote with {@link #traderConfig}'s settings below {@code dir}. */
    public static List<dev.algotrader.schema.Event> events(java.nio.file.Path dir)
            throws IOException {
        return new dev.algotrader.core.audit.EventLog(
                        dir.resolve("events.jsonl"),
                        java.time.Clock.systemUTC(),
                        new dev.algotrader.core.audit.Secrets(Map.of()))
                .readAll();
    }

    public synchronized void script(Fault... f) {
        faults.addAll(List.of(f));
    }

    /** Answers to the next PATCHes (429, 500 and 422 are supported). */
    public synchronized void scriptPatch(Fault... f) {
        patchFaults.addAll(List.of(f));
    }

    /**
     * Fills {@code qty} more of the open order with {@code clientOrderId} at {@link #fillPrice}.
     */
    public synchronized void fill(String clientOrderId, double qty) {
        ObjectNode o = orders.get(clientOrderId);
        double filled = Double.parseDouble(o.path("filled_qty").asText()) + qty;
        double total = Double.parseDouble(o.path("qty").asText());
        book(o, qty);
        o.put("filled_qty", Double.toString(filled));
        o.put("filled_avg_price", Double.toString(fillPrice));
        o.put("status", filled + 1e-12 >= total ? "filled" : "partially_filled");
    }

    private void book(ObjectNode o, double filledQty) {
        double sign = "sell".equals(o.path("side").asText()) ? -1 : 1;
        positions
                        .computeIfAbsent(
                                o.path("symbol").asText().replace("/", ""),
                                s -> new double[] {0, fillPrice})[0] +=
                sign * filledQty;
    }

    /** Puts a position at the broker the trader does not know about. */
    public synchronized void setPosition(String symbolNoSlash, double qty) {
        positions.put(symbolNoSlash, new double[] {qty, fillPrice});
    }

    /** Number of POSTs that created an order, per client order id. */
    public int posts(String clientOrderId) {
        AtomicInteger n = acceptedPosts.get(clientOrderId);
        return n == null ? 0 : n.get();
    }

    private synchronized MockResponse handle(RecordedRequest r) throws IOException {
        String target = r.getTarget();
        requestLines.add(r.getMethod() + " " + target);
        keyHeaders.add(
                r.getHeaders().get("APCA-API-KEY-ID")
                        + "|"
                        + r.getHeaders().get("APCA-API-SECRET-KEY"));
        if (r.getHeaders().get("APCA-API-KEY-ID") == null) {
            return json(401, err(40110000, "request is not authorized"));
        }
        if (r.getMethod().equals("POST") && target.equals("/v2/orders")) {
            return post(JSON.readTree(r.getBody().utf8()));
        }
        if (r.getMethod().equals("PATCH") && target.startsWith("/v2/orders/")) {
            return replace(
                    target.substring("/v2/orders/".length()), JSON.readTree(r.getBody().utf8()));
        }
        if (r.getMethod().equals("DELETE") && target.startsWith("/v2/orders/")) {
            return cancel(target.substring("/v2/orders/".length()));
        }
        if (target.startsWith("/v2/orders:by_client_order_id")) {
            String id =
                    java.net.URLDecoder.decode(
                            target.substring(target.indexOf("client_order_id=") + 16),
                            java.nio.charset.StandardCharsets.UTF_8);
            ObjectNode o = orders.get(id);
            if (o == null) return json(404, err(40410000, "order not found"));
            JsonNode before = o.deepCopy();
            if (marketFillParts > 1
                    && "market".equals(o.path("type").asText())
                    && "partially_filled".equals(o.path("status").asText())) {
                fill(id, Double.parseDouble(o.path("qty").asText()) / marketFillParts);
            }
            return json(200, before);
        }
        if (target.startsWith("/v2/orders?status=all")
                || target.startsWith("/v2/orders?status=closed")) {
            boolean closed = target.startsWith("/v2/orders?status=closed");
            ArrayNode a = JSON.createArrayNode();
            for (ObjectNode o : orders.values()) {
                String s = o.get("status").asText();
                boolean open =
                        s.equals("new") || s.equals("accepted") || s.equals("partially_filled");
                if (!closed || !open) a.add(o);
            }
            return json(200, a);
        }
        if (target.startsWith("/v2/orders?status=open")) {
            ArrayNode a = JSON.createArrayNode();
            for (ObjectNode o : orders.values()) {
                String s = o.get("status").asText();
                if (s.equals("new") || s.equals("accepted") || s.equals("partially_filled"))
                    a.add(o);
            }
            return json(200, a);
        }
        if (target.equals("/v2/positions")) {
            ArrayNode a = JSON.createArrayNode();
            positions.forEach(
                    (s, p) -> {
                        if (p[0] == 0) return;
                        ObjectNode n = a.addObject();
                        n.put("asset_id", UUID.nameUUIDFromBytes(s.getBytes()).toString());
                        n.put("symbol", s);
                        n.put("exchange", "");
                        n.put("asset_class", "crypto");
                        n.put("asset_marginable", false);
                        n.put("qty", Double.toString(Math.abs(p[0])));
                        n.put("avg_entry_price", Double.toString(p[1]));
                        n.put("side", p[0] > 0 ? "long" : "short");
                        n.put("market_value", Double.toString(p[0] * fillPrice));
                        n.put("cost_basis", Double.toString(p[0] * p[1]));
                        n.put("unrealized_pl", "0");
                        n.put("current_price", Double.toString(fillPrice));
                    });
            return json(200, a);
        }
        if (target.equals("/v2/account")) {
            ObjectNode a = JSON.createObjectNode();
            a.put("id", "904837e3-3b76-47ec-b432-046db621571b");
            a.put("account_number", "PA2TESTFAKE");
            a.put("status", "ACTIVE");
            a.put("currency", "USD");
            a.put("cash", "10000");
            a.put("buying_power", "10000");
            a.put("equity", "10000");
            return json(200, a);
        }
        return json(404, err(40410000, "endpoint not found"));
    }

    /**
     * {@code PATCH /v2/orders/{order_id}}: the body's fields override the old order's; the new
     * order gets a new id and the body's client order id; the old one becomes {@code replaced}.
     */
    private MockResponse replace(String orderId, JsonNode body) {
        Fault f = refuseEveryPatch ? Fault.UNPROCESSABLE_422 : patchFaults.poll();
        if (f == Fault.RATE_LIMIT_429) {
            return new MockResponse.Builder()
                    .code(429)
                    .setHeader("Content-Type", "application/json")
                    .setHeader("Retry-After", "0")
                    .body(err(42900000, "rate limit exceeded").toString())
                    .build();
        }
        if (f == Fault.SERVER_500) return json(500, err(50000000, "internal server error"));
        for (ObjectNode o : orders.values()) {
            if (!o.get("id").asText().equals(orderId)) continue;
            String st = o.get("status").asText();
            if (f == Fault.UNPROCESSABLE_422
                    || !(st.equals("new") || st.equals("partially_filled"))) {
                return json(422, err(42210000, "order is not replaceable (status " + st + ")"));
            }
            String newId = body.path("client_order_id").asText(UUID.randomUUID().toString());
            if (orders.containsKey(newId)) {
                return json(422, err(40010001, "client_order_id must be unique"));
            }
            ObjectNode n = o.deepCopy();
            n.put("id", UUID.randomUUID().toString());
            n.put("client_order_id", newId);
            if (body.has("qty")) n.put("qty", body.get("qty").asText());
            if (body.has("time_in_force"))
                n.put("time_in_force", body.get("time_in_force").asText());
            if (body.has("limit_price")) n.set("limit_price", body.get("limit_price"));
            if (body.has("stop_price")) n.set("stop_price", body.get("stop_price"));
            n.put("filled_qty", "0");
            n.putNull("filled_avg_price");
            n.put("status", "new");
            n.put("replaces", o.get("id").asText());
            o.put("status", "replaced");
            o.put("replaced_at", "2024-01-01T00:00:02.000000Z");
            o.put("replaced_by", n.get("id").asText());
            orders.put(newId, n);
            replaces.add(
                    new Replace(
                            o.get("client_order_id").asText(),
                            newId,
                            Double.parseDouble(n.get("qty").asText()),
                            n.path("limit_price").isNull() ? null : n.path("limit_price").asText(),
                            n.path("stop_price").isNull() ? null : n.path("stop_price").asText()));
            return json(200, n);
        }
        return json(404, err(40410000, "order not found"));
    }

    /** {@code DELETE /v2/orders/{order_id}}: 204 if open, 422 if final, 404 if unknown. */
    private MockResponse cancel(String orderId) {
        for (ObjectNode o : orders.values()) {
            if (!o.get("id").asText().equals(orderId)) continue;
            String st = o.get("status").asText();
            if (st.equals("new") || st.equals("accepted") || st.equals("partially_filled")) {
                o.put("status", "canceled");
                o.put("canceled_at", "2024-01-01T00:00:01.000000Z");
                cancels.add(o.get("client_order_id").asText());
                return new MockResponse.Builder().code(204).build();
            }
            return json(422, err(42210000, "order is not cancelable"));
        }
        return json(404, err(40410000, "order not found"));
    }

    private MockResponse post(JsonNode body) {
        Fault f = faults.poll();
        String id = body.path("client_order_id").asText();
        if (f == Fault.RATE_LIMIT_429) {
            return new MockResponse.Builder()
                    .code(429)
                    .setHeader("Content-Type", "application/json")
                    .setHeader("Retry-After", "0")
                    .body(err(42900000, "rate limit exceeded").toString())
                    .build();
        }
        if (f == Fault.SERVER_500) return json(500, err(50000000, "internal server error"));
        if (f == Fault.INSUFFICIENT_BUYING_POWER_403) {
            return json(
                    403,
                    err(40310000, "insufficient balance for USD (requested: 9000, available: 10)"));
        }
        if (f == Fault.UNPROCESSABLE_422) return json(422, err(40010001, "qty must be > 0"));
        if (orders.containsKey(id)) {
            return json(422, err(40010001, "client_order_id must be unique"));
        }
        ObjectNode o = order(body);
        orders.put(id, o);
        acceptedPosts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        // the position changes by what fills (a market order at once, others by fill())
        book(o, Double.parseDouble(o.path("filled_qty").asText()));
        MockResponse.Builder b =
                new MockResponse.Builder()
                        .code(200)
                        .setHeader("Content-Type", "application/json")
                        .body(o.toString());
        if (f == Fault.ACCEPT_THEN_TIMEOUT) b.headersDelay(timeoutDelayMs, TimeUnit.MILLISECONDS);
        return b.build();
    }

    private ObjectNode order(JsonNode body) {
        ObjectNode o = JSON.createObjectNode();
        String now = "2024-01-01T00:00:00.000000Z";
        o.put("id", UUID.randomUUID().toString());
        o.put("client_order_id", body.path("client_order_id").asText());
        o.put("created_at", now);
        o.put("updated_at", now);
        o.put("submitted_at", now);
        o.put("filled_at", now);
        o.putNull("expired_at");
        o.putNull("canceled_at");
        o.putNull("failed_at");
        o.putNull("replaced_at");
        o.putNull("replaced_by");
        o.putNull("replaces");
        o.put("asset_id", "276e2673-764b-4ab6-a611-caf665ca6340");
        o.put("symbol", body.path("symbol").asText());
        o.put("asset_class", "crypto");
        o.putNull("notional");
        o.put("qty", body.path("qty").asText());
        boolean market = "market".equals(body.path("type").asText());
        boolean parts = market && marketFillParts > 1;
        String firstPart =
                parts
                        ? Double.toString(
                                Double.parseDouble(body.path("qty").asText()) / marketFillParts)
                        : body.path("qty").asText();
        o.put("filled_qty", market ? firstPart : "0");
        if (market) o.put("filled_avg_price", Double.toString(fillPrice));
        else o.putNull("filled_avg_price");
        o.put("order_class", "");
        o.put("order_type", body.path("type").asText());
        o.put("type", body.path("type").asText());
        o.put("side", body.path("side").asText());
        o.put("time_in_force", body.path("time_in_force").asText());
        o.set(
                "limit_price",
                body.path("limit_price").isMissingNode() ? null : body.get("limit_price"));
        o.set(
                "stop_price",
                body.path("stop_price").isMissingNode() ? null : body.get("stop_price"));
        o.put("status", parts ? "partially_filled" : market ? "filled" : "new");
        o.put("extended_hours", false);
        o.putNull("legs");
        return o;
    }

    private static ObjectNode err(int code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        return n;
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body.toString())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
