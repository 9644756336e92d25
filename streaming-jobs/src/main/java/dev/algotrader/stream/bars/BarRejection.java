package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.io.Serializable;

/**
 * A bar the trader did not process, kept with the reason: {@code late} (behind the watermark or the
 * last processed bar), {@code duplicate} (same symbol and time as a bar already taken) or {@code
 * invalid: ...} (impossible values).
 */
public record BarRejection(Bar bar, String reason) implements Serializable {}
