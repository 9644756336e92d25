package dev.algotrader.schema;

import java.io.Serializable;

/** A model's out-of-sample score for bar {@code ts}: the probability that the label is UP. */
public record Signal(
        String symbol, long ts, String model, String modelVersion, double probabilityUp)
        implements Serializable {}
