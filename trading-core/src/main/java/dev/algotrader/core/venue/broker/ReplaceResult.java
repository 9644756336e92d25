package dev.algotrader.core.venue.broker;

import java.io.Serializable;

/**
 * Outcome of {@link Broker#replace}.
 *
 * @param outcome what happened
 * @param previous the replaced order as last seen (its fills stay on it; null when unknown)
 * @param order the replacing order (null unless {@link Outcome#REPLACED} or {@link
 *     Outcome#ALREADY_REPLACED})
 * @param httpStatus the status of the deciding response (0 for the paper broker)
 * @param reason the broker's message when the replace was refused
 * @param attempts how many HTTP calls the replace needed, look-ups and retries included
 */
public record ReplaceResult(
        Outcome outcome,
        BrokerOrder previous,
        BrokerOrder order,
        int httpStatus,
        String reason,
        int attempts)
        implements Serializable {

    /** Outcome of a replace. */
    public enum Outcome {
        /** the broker accepted the replacement now */
        REPLACED,
        /** the broker already has the replacing client order id: nothing was sent */
        ALREADY_REPLACED,
        /** the order is final or not replaceable at the broker (filled, cancelled, pending) */
        NOT_REPLACEABLE,
        /** the broker has never seen the client order id to replace */
        NOT_FOUND
    }
}
