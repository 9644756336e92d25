package dev.algotrader.schema;

import java.io.Serializable;

/**
 * The label of bar {@code ts}: forward log return from the close of bar {@code ts} to the close of
 * bar {@code ts + horizonBars}, and its class. Absent when the horizon is not complete.
 */
public record Label(
        String symbol,
        String interval,
        long ts,
        int horizonBars,
        double forwardLogReturn,
        Direction direction)
        implements Serializable {

    /** Direction of the forward return, with FLAT inside the configured dead band. */
    public enum Direction {
        DOWN,
        FLAT,
        UP
    }
}
