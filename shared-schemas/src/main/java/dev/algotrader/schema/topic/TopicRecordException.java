package dev.algotrader.schema.topic;

/** A topic value that cannot be decoded; the message is the reason a dead letter carries. */
public final class TopicRecordException extends RuntimeException {
    public TopicRecordException(String reason) {
        super(reason);
    }
}
