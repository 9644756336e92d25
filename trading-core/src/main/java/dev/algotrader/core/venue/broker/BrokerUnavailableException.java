package dev.algotrader.core.venue.broker;

/**
 * The broker kept answering 429/5xx or timing out after every retry. The trader fails the job so
 * Flink restarts it from the last checkpoint; the client-order-id lookup then prevents a duplicate.
 */
public final class BrokerUnavailableException extends RuntimeException {
    public BrokerUnavailableException(String message) {
        super(message);
    }
}
