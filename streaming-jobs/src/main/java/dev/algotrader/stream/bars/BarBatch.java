package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.io.Serializable;
import java.util.List;

/** The bars one poll returned (possibly none). */
public record BarBatch(List<Bar> bars) implements Serializable {}
