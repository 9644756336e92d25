package dev.algotrader.ml.tracking;

/** A tracking or registry failure; the message is one line that says what to do. */
public final class TrackingException extends RuntimeException {

    private final boolean unreachable;

    public TrackingException(String message) {
        this(message, null, false);
    }

    public TrackingException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param unreachable the server could not be reached at all (no HTTP answer)
     */
    public TrackingException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when no HTTP answer came back (connection refused, timeout, DNS). */
    public boolean unreachable() {
        return unreachable;
    }
}
