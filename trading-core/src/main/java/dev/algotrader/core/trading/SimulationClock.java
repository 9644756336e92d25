package dev.algotrader.core.trading;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of a replay: it reads whatever time the driver last set (the close of the bar being
 * processed), so the stale-data guard behaves in a backtest as it would have live.
 */
public final class SimulationClock extends Clock {

    private long millis;

    /** Sets the simulated time to {@code epochMillis}. */
    public void set(long epochMillis) {
        this.millis = epochMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
