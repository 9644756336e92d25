package dev.algotrader.core.data.coingecko;

/**
 * A CoinGecko request the user can fix (unreachable, refused key, unknown plan, invalid answer):
 * one line that says what to do.
 */
public class CoinGeckoException extends IllegalArgumentException {
    public CoinGeckoException(String message) {
        super(message);
    }

    public CoinGeckoException(String message, Throwable cause) {
        super(message, cause);
    }
}
