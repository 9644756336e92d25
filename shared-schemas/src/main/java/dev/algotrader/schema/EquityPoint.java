package dev.algotrader.schema;

import java.io.Serializable;

/** Account equity at a bar close: cash plus marked position value. */
public record EquityPoint(String runId, long ts, double cash, double positionValue, double equity)
        implements Serializable {}
