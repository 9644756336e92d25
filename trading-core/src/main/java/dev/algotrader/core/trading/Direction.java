package dev.algotrader.core.trading;

/** What a strategy wants at the close of a bar: a target side, or HOLD to change nothing. */
public enum Direction {
    LONG,
    SHORT,
    FLAT,
    HOLD;

    /** +1 for LONG, -1 for SHORT, 0 otherwise. */
    public int sign() {
        return this == LONG ? 1 : this == SHORT ? -1 : 0;
    }
}
