package dev.algotrader.stream.broker;

import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in paper broker. It executes nothing itself: fills come from the trading kernel's fill
 * model (the backtester's), so paper trading on a replay equals the backtest of the same bars. It
 * keeps the book of accepted orders and positions so reconciliation and the idempotent-submit
 * contract work the same way as with Alpaca.
 */
public final class PaperBroker implements Broker {

    private final Map<String, BrokerOrder> orders = new LinkedHashMap<>();
    private final Map<String, double[]> positions = new LinkedHashMap<>();
    private final double startingCash;
    private double cash;

    public PaperBroker(double startingCash) {
        this.startingCash = startingCash;
        this.cash = startingCash;
    }

    @Override
    public String name() {
        return "paper";
    }

    @Override
    public synchronized SubmitResult submit(Order order) {
        BrokerOrder known = orders.get(order.clientOrderId());
        if (known != null) {
            return new SubmitResult(SubmitResult.Outcome.ALREADY_SUBMITTED, known, 0, "", 0);
        }
        BrokerOrder o = accepted(order);
        orders.put(order.clientOrderId(), o);
        return new SubmitResult(SubmitResult.Outcome.SUBMITTED, o, 0, "", 0);
    }

    /** A newly booked order: nothing filled yet. */
    private static BrokerOrder accepted(Order order) {
        return new BrokerOrder(
                "paper-" + order.clientOrderId(),
                order.clientOrderId(),
                order.symbol(),
                order.side(),
                order.quantity(),
                0,
                Double.NaN,
                "accepted");
    }

    /** Applies a fill produced by the kernel's fill model. */
    public synchronized void recordFill(Fill f) {
        BrokerOrder o = orders.get(f.clientOrderId());
        if (o != null) {
            double filled = o.filledQuantity() + f.quantity();
            double avg =
                    o.filledQuantity() == 0
                            ? f.price()
                            : (o.filledAvgPrice() * o.filledQuantity() + f.price() * f.quantity())
                                    / filled;
            String status = filled + 1e-12 >= o.quantity() ? "filled" : "partially_filled";
            orders.put(f.clientOrderId(), o.withFills(filled, avg, status));
        }
        double[] p = positions.computeIfAbsent(f.symbol(), s -> new double[2]);
        double q = f.side().sign() * f.quantity();
        if (p[0] + q != 0 && Math.signum(p[0]) == Math.signum(q) || p[0] == 0) {
            p[1] = (p[1] * Math.abs(p[0]) + f.price() * Math.abs(q)) / Math.abs(p[0] + q);
        }
        p[0] += q;
        cash -= q * f.price() + f.fee();
    }

    @Override
    public synchronized CancelResult cancel(String clientOrderId) {
        BrokerOrder o = orders.get(clientOrderId);
        if (o == null) return new CancelResult(CancelResult.Outcome.NOT_FOUND, null, 0, "");
        if (o.status().equals("canceled")) {
            return new CancelResult(CancelResult.Outcome.CANCELED, o, 0, "");
        }
        if (o.isFinal()) {
            return new CancelResult(
                    CancelResult.Outcome.NOT_CANCELABLE, o, 0, "order is " + o.status());
        }
        BrokerOrder c = o.withStatus("canceled");
        orders.put(clientOrderId, c);
        return new CancelResult(CancelResult.Outcome.CANCELED, c, 0, "");
    }

    /**
     * Keeps the book in step with the kernel's amendment (the kernel's fill model executes the
     * amended terms itself, so paper still equals the backtest): the old entry ends {@code
     * replaced}, the replacement is booked under its own id, as at Alpaca.
     */
    @Override
    public synchronized ReplaceResult replace(String clientOrderId, Order replacement) {
        BrokerOrder o = orders.get(clientOrderId);
        BrokerOrder known = orders.get(replacement.clientOrderId());
        if (known != null) {
            return new ReplaceResult(ReplaceResult.Outcome.ALREADY_REPLACED, o, known, 0, "", 0);
        }
        if (o == null)
            return new ReplaceResult(ReplaceResult.Outcome.NOT_FOUND, null, null, 0, "", 0);
        if (o.isFinal()) {
            return new ReplaceResult(
                    ReplaceResult.Outcome.NOT_REPLACEABLE, o, null, 0, "order is " + o.status(), 0);
        }
        BrokerOrder old = o.withStatus("replaced");
        orders.put(clientOrderId, old);
        BrokerOrder n = accepted(replacement);
        orders.put(replacement.clientOrderId(), n);
        return new ReplaceResult(ReplaceResult.Outcome.REPLACED, old, n, 0, "", 0);
    }

    @Override
    public synchronized Optional<BrokerOrder> findByClientOrderId(String clientOrderId) {
        return Optional.ofNullable(orders.get(clientOrderId));
    }

    @Override
    public synchronized List<BrokerPosition> positions() {
        List<BrokerPosition> out = new ArrayList<>();
        positions.forEach(
                (s, p) -> {
                    if (p[0] != 0) out.add(new BrokerPosition(s, p[0], p[1]));
                });
        return out;
    }

    @Override
    public synchronized List<BrokerOrder> openOrders() {
        return orders.values().stream().filter(o -> !o.isFinal()).toList();
    }

    @Override
    public synchronized BrokerAccount account() {
        return new BrokerAccount("ACTIVE", cash, cash, startingCash);
    }
}
