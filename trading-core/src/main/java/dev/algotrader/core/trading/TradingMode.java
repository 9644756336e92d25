package dev.algotrader.core.trading;

/** Whether the kernel may hold short positions; in LONG_ONLY a SHORT decision means FLAT. */
public enum TradingMode {
    LONG_ONLY,
    LONG_SHORT
}
