package dev.algotrader.core.venue.broker;

import java.io.Serializable;

/**
 * Outcome of {@link Broker#cancel}.
 *
 * @param outcome what happened
 * @param order the broker's order as last seen (null when the broker does not know the id)
 * @param httpStatus the status of the deciding response (0 for the paper broker or no request)
 * @param reason the broker's message when the cancel was refused
 */
public record CancelResult(Outcome outcome, BrokerOrder order, int httpStatus, String reason)
        implements Serializable {

    /** Outcome of a cancel. */
    public enum Outcome {
        /** the broker accepted the cancel request (or the order was already cancelled) */
        CANCELED,
        /** the order is final at the broker (filled, expired, rejected): nothing to cancel */
        NOT_CANCELABLE,
        /** the broker has never seen the client order id */
        NOT_FOUND
    }
}
