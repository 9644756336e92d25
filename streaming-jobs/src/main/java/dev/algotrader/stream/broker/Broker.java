package dev.algotrader.stream.broker;

import dev.algotrader.schema.Order;
import java.util.List;
import java.util.Optional;

/**
 * Where orders go: the built-in paper broker or Alpaca's trading API. Every implementation is
 * idempotent on {@link Order#clientOrderId()}: {@link #submit} first looks the id up and never
 * sends an intent the broker already has.
 */
public interface Broker extends AutoCloseable {

    /** Short name for events ({@code paper}, {@code alpaca-paper}, {@code alpaca-live}). */
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

    /** The broker's view of an order, or empty when it has never seen the id. */
    Optional<BrokerOrder> findByClientOrderId(String clientOrderId);

    /** Open positions. */
    List<BrokerPosition> positions();

    /** Orders not yet in a final state. */
    List<BrokerOrder> openOrders();

    /** Cash, buying power and equity. */
    BrokerAccount account();

    @Override
    default void close() {}
}
