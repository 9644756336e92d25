package dev.algotrader.stream.kafka;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.DeadLetter;
import java.io.Serializable;

/**
 * One record of {@code bars.<interval>} as decoded: a bar, or the dead letter of a record that was
 * not one (exactly one of the two is set).
 */
public record KafkaBar(Bar bar, DeadLetter dead) implements Serializable {}
