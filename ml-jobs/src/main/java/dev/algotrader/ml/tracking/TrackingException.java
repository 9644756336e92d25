package dev.algotrader.ml.tracking;

/** A tracking or registry failure; the message is one line that says what to do. */
public final class TrackingException extends RuntimeException {
    public TrackingException(String message) {
        super(message);
    }

    public TrackingException(String message, Throwable cause) {
        super(message, cause);
    }
}
