package dev.algotrader.schema;

import java.io.Serializable;

/** An execution (possibly partial) of an order, with the fee and the slippage cost it paid. */
public record Fill(
        String runId,
        String clientOrderId,
        String symbol,
        long ts,
        Side side,
        double quantity,
        double price,
        double fee,
        double slippageCost)
        implements Serializable {}
