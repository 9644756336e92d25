package dev.algotrader.ml;

/**
 * A research job cannot go on because of its input or settings; the message says what to do. An
 * {@link IllegalArgumentException}, so the CLI reports it as a user error (one line, exit 2).
 */
public final class ResearchException extends IllegalArgumentException {
    public ResearchException(String message) {
        super(message);
    }

    public ResearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
