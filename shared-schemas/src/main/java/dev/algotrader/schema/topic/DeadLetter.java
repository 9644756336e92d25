package dev.algotrader.schema.topic;

/**
 * A record a consumer could not use: where it came from, its raw key and value, and why.
 *
 * @param sourceTopic the topic it was read from
 * @param partition its partition there
 * @param offset its offset there (-1 when unknown)
 * @param key the raw key as text (may be null)
 * @param value the raw value as text (may be null)
 * @param reason one line: why it was set aside
 * @param ts when it was set aside, epoch millis
 */
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String value,
        String reason,
        long ts) {}
