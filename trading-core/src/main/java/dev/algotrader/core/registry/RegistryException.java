package dev.algotrader.core.registry;

/** A registry read failure; the message is one line, without credentials, that says what to do. */
public class RegistryException extends RuntimeException {

    private final boolean unreachable;

    public RegistryException(String message) {
        this(message, null, false);
    }

    public RegistryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param unreachable the server could not be reached at all (no HTTP answer)
     */
    public RegistryException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when no HTTP answer came back (connection refused, timeout, DNS). */
    public boolean unreachable() {
        return unreachable;
    }
}
