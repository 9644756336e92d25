package dev.algotrader.core.features;

import dev.algotrader.schema.Bar;
import java.util.List;

/**
 * sin/cos of 2π·slot/period of the bar open time (UTC), slot = (ts / unit + shift) mod period: hour
 * of day (unit 1 h, period 24) and day of week (unit 1 day, period 7, Monday = 0).
 */
public final class CalendarUnit implements FeatureUnit {
    private final List<String> names;
    private final long unitMs;
    private final long shift;
    private final double[] sin;
    private final double[] cos;

    CalendarUnit(List<String> names, int period, long unitMs, long shift) {
        this.names = names;
        this.unitMs = unitMs;
        this.shift = shift;
        this.sin = new double[period];
        this.cos = new double[period];
        for (int s = 0; s < period; s++) {
            sin[s] = StrictMath.sin(2 * Math.PI * s / (double) period);
            cos[s] = StrictMath.cos(2 * Math.PI * s / (double) period);
        }
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public int warmup() {
        return 0;
    }

    @Override
    public void update(BarWindow w, Bar bar, double[] out, int at) {
        int slot = (int) Math.floorMod(Math.floorDiv(bar.ts(), unitMs) + shift, sin.length);
        out[at] = sin[slot];
        out[at + 1] = cos[slot];
    }
}
