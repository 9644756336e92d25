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
 * @param symbol the sub-account's symbol, or {@link #ACCOUNT} (never null)
 */
public record EquityPoint(
        String runId, String symbol, long ts, double cash, double positionValue, double equity)
        implements Serializable {

    /** The symbol of a whole-account point: not a named sub-account. */
    public static final String ACCOUNT = "";

    public EquityPoint {
        if (symbol == null) symbol = ACCOUNT;
    }

    /** True for a whole-account point ({@link #ACCOUNT}). */
    public boolean isAccount() {
        return ACCOUNT.equals(symbol);
    }
}
