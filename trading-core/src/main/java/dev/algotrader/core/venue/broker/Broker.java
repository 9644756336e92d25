package dev.algotrader.core.venue.broker;

import dev.algotrader.schema.Order;
import java.util.List;
import java.util.Optional;

/**
 * Where orders go at an external broker (Alpaca's trading API, implemented at the edge in
 * streaming-jobs). Every implementation is idempotent on {@link Order#clientOrderId()}: {@link
 * #submit} first looks the id up and never sends an intent the broker already has.
 */
public interface Broker extends AutoCloseable {

    /** Short name for events ({@code alpaca-paper}, {@code alpaca-live}). */
    String name();

    /** Submits {@code order} unless the broker already knows its client order id. */
    SubmitResult submit(Order order);

    /**
     * Cancels the open order with {@code clientOrderId} (the kernel cancelled it: a stop-loss or
     * take-profit whose sibling filled, an expired or kill-switched entry). Idempotent: an order
     * already cancelled reads as {@link CancelResult.Outcome#CANCELED}; one already final, or
     * unknown, says so instead of failing.
     */
    CancelResult cancel(String clientOrderId);

    /**
     * Replaces the open order known as {@code clientOrderId} by {@code replacement}: a new broker
     * order with {@code replacement.clientOrderId()} (see {@link #replacementId}) carrying the new
     * quantity (what is still to fill) and prices; the old order ends as {@code replaced}.
     * Idempotent on the replacement's id: when the broker already knows it, nothing is sent and the
     * outcome is {@link ReplaceResult.Outcome#ALREADY_REPLACED}. An order that is final (e.g.
     * filled meanwhile) or not replaceable gives {@link ReplaceResult.Outcome#NOT_REPLACEABLE}.
     */
    ReplaceResult replace(String clientOrderId, Order replacement);

    /**
     * The client order id of the {@code sequence}-th replacement of the order {@code clientOrderId}
     * (0 = the order itself): {@code <id>-r<n>}, at most {@value
     * dev.algotrader.core.trading.ClientOrderIds#MAX_LENGTH} characters (leading characters are
     * dropped when needed; the id's hash sits at its end). Deterministic, so a restarted job finds
     * a replacement it already sent by looking the id up.
     */
    static String replacementId(String clientOrderId, int sequence) {
        if (sequence == 0) return clientOrderId;
        String id = clientOrderId + "-r" + sequence;
        int max = dev.algotrader.core.trading.ClientOrderIds.MAX_LENGTH;
        return id.length() <= max ? id : id.substring(id.length() - max);
    }

    /** The broker's view of an order, or empty when it has never seen the id. */
    Optional<BrokerOrder> findByClientOrderId(String clientOrderId);

    /** Open positions. */
    List<BrokerPosition> positions();

    /** Orders not yet in a final state. */
    List<BrokerOrder> openOrders();

    /**
     * The newest orders in every status (open, filled, cancelled, replaced), submitted after {@code
     * after} when given: what a crashed run may have sent. Defaults to the open orders.
     */
    default List<BrokerOrder> recentOrders(java.time.Instant after) {
        return openOrders();
    }

    /** Cash, buying power and equity. */
    BrokerAccount account();

    @Override
    default void close() {}
}
