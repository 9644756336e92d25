package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;

/**
 * Makes the kernel's orders of one (run, symbol, strategy, model version) with their deterministic
 * client order ids ({@link ClientOrderIds}).
 */
record OrderMaker(String runId, String symbol, String strategy, String modelVersion) {

    Order make(
            long decisionTs,
            String tag,
            Side side,
            OrderType type,
            double quantity,
            double limit,
            double stop,
            String reason) {
        String id = ClientOrderIds.of(strategy, symbol, decisionTs, modelVersion, tag);
        return new Order(runId, id, symbol, decisionTs, side, type, quantity, limit, stop, reason);
    }
}
