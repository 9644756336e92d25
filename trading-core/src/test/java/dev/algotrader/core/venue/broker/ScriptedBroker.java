package dev.algotrader.core.venue.broker;

import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory broker whose behaviour a test scripts: orders rest until the test fills them (or,
 * with {@link #marketFillParts}, a market order fills one part per look-up), replaces can be
 * refused while the order stays open ({@link #refuseNextReplaces}), and every call is logged in
 * {@link #calls}. Idempotent on client order ids like a real broker. Reached through {@link #byKey}
 * with its {@link #key()} from a factory an operator calls in {@code open()} (the instance stays in
 * this JVM).
 */
public final class ScriptedBroker implements Broker {

    private static final Map<String, ScriptedBroker> REGISTRY = new ConcurrentHashMap<>();

    /** Every call as one line: {@code submit <id>}, {@code replace <from> -> <to> <qty>}, … */
    public final List<String> calls = new ArrayList<>();

    /** The orders by client order id, in submission order. */
    public final Map<String, BrokerOrder> orders = new LinkedHashMap<>();

    /** The intents as sent (type and prices), by client order id. */
    public final Map<String, Order> intents = new LinkedHashMap<>();

    /** 0: market orders wait for {@link #fill}; n: each look-up fills 1/n of a market order. */
    public int marketFillParts;

    /** The price of the fills {@link #marketFillParts} makes. */
    public double fillPrice = Double.NaN;

    private final Deque<String> refusals = new ArrayDeque<>();
    private final String key = UUID.randomUUID().toString();

    public ScriptedBroker() {
        REGISTRY.put(key, this);
    }

    /** The key {@link #byKey} finds this instance by (a serializable handle for factories). */
    public String key() {
        return key;
    }

    /** The instance with {@code key}, or null. */
    public static ScriptedBroker byKey(String key) {
        return REGISTRY.get(key);
    }

    /**
     * The next {@code n} replaces are refused as {@link ReplaceResult.Outcome#NOT_REPLACEABLE}
     * while the order stays open with status {@code pending_new} (Alpaca's 422).
     */
    public synchronized void refuseNextReplaces(int n) {
        for (int i = 0; i < n; i++) refusals.add("pending_new");
    }

    /** Fills {@code qty} more of the open order {@code clientOrderId} at {@code price}. */
    public synchronized void fill(String clientOrderId, double qty, double price) {
        BrokerOrder o = orders.get(clientOrderId);
        if (o == null || o.isFinal()) {
            throw new IllegalStateException("not open: " + clientOrderId);
        }
        double before = Double.isNaN(o.filledQuantity()) ? 0 : o.filledQuantity();
        double filled = Math.min(o.quantity(), before + qty);
        double avg =
                before == 0
                        ? price
                        : (o.filledAvgPrice() * before + price * (filled - before)) / filled;
        String status = filled >= o.quantity() - 1e-12 ? "filled" : "partially_filled";
        orders.put(clientOrderId, o.withFills(filled, avg, status));
        calls.add("fill " + clientOrderId + " " + (filled - before));
    }

    /** Orders not final, by client order id. */
    public synchronized Map<String, BrokerOrder> open() {
        Map<String, BrokerOrder> out = new LinkedHashMap<>();
        orders.forEach(
                (id, o) -> {
                    if (!o.isFinal()) out.put(id, o);
                });
        return out;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized SubmitResult submit(Order order) {
        String id = order.clientOrderId();
        BrokerOrder known = orders.get(id);
        if (known != null) {
            calls.add("submit-again " + id);
            return new SubmitResult(SubmitResult.Outcome.ALREADY_SUBMITTED, known, 200, "", 1);
        }
        calls.add("submit " + id);
        BrokerOrder o = newOrder(order);
        orders.put(id, o);
        intents.put(id, order);
        return new SubmitResult(SubmitResult.Outcome.SUBMITTED, o, 200, "", 1);
    }

    @Override
    public synchronized CancelResult cancel(String clientOrderId) {
        calls.add("cancel " + clientOrderId);
        BrokerOrder o = orders.get(clientOrderId);
        if (o == null) return new CancelResult(CancelResult.Outcome.NOT_FOUND, null, 404, "");
        if ("canceled".equals(o.status())) {
            return new CancelResult(CancelResult.Outcome.CANCELED, o, 204, "");
        }
        if (o.isFinal()) {
            return new CancelResult(CancelResult.Outcome.NOT_CANCELABLE, o, 422, o.status());
        }
        BrokerOrder c = o.withStatus("canceled");
        orders.put(clientOrderId, c);
        return new CancelResult(CancelResult.Outcome.CANCELED, c, 204, "");
    }

    @Override
    public synchronized ReplaceResult replace(String clientOrderId, Order replacement) {
        String to = replacement.clientOrderId();
        calls.add("replace " + clientOrderId + " -> " + to + " " + replacement.quantity());
        BrokerOrder old = orders.get(clientOrderId);
        if (orders.containsKey(to)) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.ALREADY_REPLACED, old, orders.get(to), 200, "", 1);
        }
        if (old == null) {
            return new ReplaceResult(ReplaceResult.Outcome.NOT_FOUND, null, null, 404, "", 1);
        }
        if (!refusals.isEmpty() && !old.isFinal()) {
            String status = refusals.poll();
            return new ReplaceResult(
                    ReplaceResult.Outcome.NOT_REPLACEABLE,
                    old.withStatus(status),
                    null,
                    422,
                    "order is not replaceable in " + status,
                    1);
        }
        if (old.isFinal()) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.NOT_REPLACEABLE, old, null, 422, old.status(), 1);
        }
        orders.put(clientOrderId, old.withStatus("replaced"));
        BrokerOrder n = newOrder(replacement);
        orders.put(to, n);
        intents.put(to, replacement);
        return new ReplaceResult(ReplaceResult.Outcome.REPLACED, old, n, 200, "", 1);
    }

    @Override
    public synchronized Optional<BrokerOrder> findByClientOrderId(String clientOrderId) {
        calls.add("find " + clientOrderId);
        BrokerOrder o = orders.get(clientOrderId);
        Order intent = intents.get(clientOrderId);
        if (o != null
                && marketFillParts > 0
                && !o.isFinal()
                && intent != null
                && intent.type() == OrderType.MARKET) {
            fill(clientOrderId, o.quantity() / marketFillParts, fillPrice);
            o = orders.get(clientOrderId);
        }
        return Optional.ofNullable(o);
    }

    @Override
    public synchronized List<BrokerPosition> positions() {
        return List.of();
    }

    @Override
    public synchronized List<BrokerOrder> openOrders() {
        return List.copyOf(open().values());
    }

    @Override
    public BrokerAccount account() {
        return new BrokerAccount("ACTIVE", 0, 0, 0);
    }

    private static BrokerOrder newOrder(Order order) {
        return new BrokerOrder(
                "b-" + order.clientOrderId(),
                order.clientOrderId(),
                order.symbol(),
                order.side(),
                order.quantity(),
                0.0,
                Double.NaN,
                "new");
    }
}
