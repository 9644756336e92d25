package dev.algotrader.core.backtest;

/** A backtest the user asked for cannot run; the message is one line that says what to do. */
public final class BacktestError extends RuntimeException {
    public BacktestError(String message) {
        super(message);
    }

    public BacktestError(String message, Throwable cause) {
        super(message, cause);
    }
}
