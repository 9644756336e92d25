package dev.algotrader.ml;

/** A research job cannot go on because of its input or settings; the message says what to do. */
public final class ResearchException extends RuntimeException {
    public ResearchException(String message) {
        super(message);
    }

    public ResearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
