package dev.algotrader.core.venue.broker;

import java.io.Serializable;

/**
 * Outcome of {@link Broker#submit}.
 *
 * @param outcome what happened
 * @param order the broker's order when known (null when rejected before acceptance)
 * @param httpStatus the status of the deciding response (0 for the paper broker)
 * @param reason the broker's message when rejected
 * @param attempts how many HTTP calls the submit needed, retries included
 */
public record SubmitResult(
        Outcome outcome, BrokerOrder order, int httpStatus, String reason, int attempts)
        implements Serializable {

    /** Outcome of a submit. */
    public enum Outcome {
        /** sent now and accepted */
        SUBMITTED,
        /** the broker already had this client order id: nothing was sent */
        ALREADY_SUBMITTED,
        /** the broker refused it (403 insufficient buying power, 422 invalid): not retried */
        REJECTED
    }
}
