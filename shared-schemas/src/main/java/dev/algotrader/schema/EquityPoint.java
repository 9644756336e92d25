package dev.algotrader.schema;

import java.io.Serializable;

/**
 * Equity at a bar close: cash plus marked position value, of one sub-account or of the account.
 *
 * <p>The trader runs one kernel per symbol, each with its own share of the cash: it emits one point
 * per symbol and bar, {@code symbol} naming the sub-account. The stored {@code trading/equity} row
 * of a {@code (run_id, ts)} is the sum of its sub-accounts ({@code trading/equity_accounts}). A
 * point of the whole account (the backtester's, summed over its symbols) has {@code symbol} {@link
 * #ACCOUNT}; so has a {@code trader.equity} record written before the field existed (schema version
 * 1 without {@code symbol}), read as the run's one unnamed account.
 *
 * <p>A run of several symbols also emits each symbol's {@link #opening opening sub-account} once,
 * at {@link #OPENING_TS}: its share of the cash before its first bar. The account at a ts sums
 * every symbol's latest sub-account at or before that ts, so a symbol without a bar there (a gap,
 * or a symbol whose first bar comes later) counts with its last figures or its opening, as in the
 * backtester. An opening is never an account ts of its own.
 *
 * @param symbol the sub-account's symbol, or {@link #ACCOUNT} (never null)
 */
public record EquityPoint(
        String runId, String symbol, long ts, double cash, double positionValue, double equity)
        implements Serializable {

    /** The symbol of a whole-account point: not a named sub-account. */
    public static final String ACCOUNT = "";

    /**
     * The ts of an {@link #opening} sub-account: before every bar. Kept within schema version 1 (a
     * record like any other); no bar opens at it.
     */
    public static final long OPENING_TS = Long.MIN_VALUE;

    /** A symbol's sub-account before its first bar: its cash share, no position. */
    public static EquityPoint opening(String runId, String symbol, double cash) {
        return new EquityPoint(runId, symbol, OPENING_TS, cash, 0.0, cash);
    }

    public EquityPoint {
        if (symbol == null) symbol = ACCOUNT;
    }

    /** True for a whole-account point ({@link #ACCOUNT}). */
    public boolean isAccount() {
        return ACCOUNT.equals(symbol);
    }

    /** True for an {@link #opening} sub-account. */
    public boolean isOpening() {
        return ts == OPENING_TS;
    }
}
