package dev.algotrader.ml.tracking;

import dev.algotrader.core.registry.RegistryException;

/**
 * A tracking or registry failure; the message is one line that says what to do. A {@link
 * RegistryException}, so code that only reads the registry catches one type.
 */
public final class TrackingException extends RegistryException {

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
        super(message, cause, unreachable);
    }
}
