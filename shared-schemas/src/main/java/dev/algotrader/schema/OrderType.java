package dev.algotrader.schema;

/** Order types the fill model supports. */
public enum OrderType {
    MARKET,
    LIMIT,
    STOP
}
