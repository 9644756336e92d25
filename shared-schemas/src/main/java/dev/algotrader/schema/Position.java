package dev.algotrader.schema;

import java.io.Serializable;

/** A position snapshot after a fill or at a bar close. Quantity is negative when short. */
public record Position(
        String runId,
        String symbol,
        long ts,
        double quantity,
        double avgPrice,
        double marketPrice,
        double realizedPnl,
        double unrealizedPnl)
        implements Serializable {}
