package dev.algotrader.stream.broker;

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

    /** True when the order can no longer change. */
    public boolean isFinal() {
        return FINAL.contains(status);
    }
}
