package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Slows a replay down to {@code speed} times real time by event time (speed 60: one minute of bars
 * per second). Runs chained to the parallelism-1 replay source. {@code speed <= 0} means as fast as
 * possible and is never wired.
 */
public final class ReplayPacer implements MapFunction<Bar, Bar> {

    private final double speed;
    private transient long firstEventTs = Long.MIN_VALUE;
    private transient long firstWallNanos;

    public ReplayPacer(double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("replay speed must be > 0");
        this.speed = speed;
    }

    @Override
    public Bar map(Bar bar) throws Exception {
        if (firstEventTs == Long.MIN_VALUE) {
            firstEventTs = bar.ts();
            firstWallNanos = System.nanoTime();
            return bar;
        }
        long dueNanos = firstWallNanos + (long) ((bar.ts() - firstEventTs) * 1e6 / speed);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        return bar;
    }
}
