package dev.algotrader.schema;

/** Order or fill side. */
public enum Side {
    BUY,
    SELL;

    public int sign() {
        return this == BUY ? 1 : -1;
    }
}
