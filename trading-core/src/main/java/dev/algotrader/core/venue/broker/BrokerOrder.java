package dev.algotrader.core.venue.broker;

import dev.algotrader.schema.Side;
import java.io.Serializable;
import java.util.Set;

/** The broker's view of one order. Prices are NaN when unknown (e.g. not filled yet). */
public record BrokerOrder(
        String id,
        String clientOrderId,
        String symbol,
        Side side,
        double quantity,
        double filledQuantity,
        double filledAvgPrice,
        String status)
        implements Serializable {

    private static final Set<String> FINAL =
            Set.of("filled", "canceled", "expired", "rejected", "replaced", "done_for_day");

    /** The same order in another status (canceled, replaced, …), fills unchanged. */
    public BrokerOrder withStatus(String newStatus) {
        return new BrokerOrder(
                id,
                clientOrderId,
                symbol,
                side,
                quantity,
                filledQuantity,
                filledAvgPrice,
                newStatus);
    }

    /** The same order with its fills so far and the status they give. */
    public BrokerOrder withFills(double filled, double avgPrice, String newStatus) {
        return new BrokerOrder(
                id, clientOrderId, symbol, side, quantity, filled, avgPrice, newStatus);
    }

    /** True when the order can no longer change. */
    public boolean isFinal() {
        return FINAL.contains(status);
    }
}
