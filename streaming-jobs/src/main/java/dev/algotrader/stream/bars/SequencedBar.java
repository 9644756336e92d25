package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.io.Serializable;

/**
 * A bar released in event-time order for its symbol, with the gap flag the kernel's stale-data
 * guard reads ({@code true} when bars are missing right before it).
 */
public record SequencedBar(Bar bar, boolean gapBefore) implements Serializable {}
