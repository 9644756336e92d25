package dev.algotrader.schema;

import java.io.Serializable;

/**
 * An order intent. {@code clientOrderId} is deterministic (strategy, symbol, bar time, model
 * version), at most 48 characters, so a restarted job never submits the same intent twice. {@code
 * decisionTs} is the close time of the bar the decision was taken on; the order may fill no earlier
 * than the open of the next bar plus latency. {@code limitPrice}/{@code stopPrice} are NaN when not
 * applicable.
 */
public record Order(
        String runId,
        String clientOrderId,
        String symbol,
        long decisionTs,
        Side side,
        OrderType type,
        double quantity,
        double limitPrice,
        double stopPrice,
        String reason)
        implements Serializable {}
