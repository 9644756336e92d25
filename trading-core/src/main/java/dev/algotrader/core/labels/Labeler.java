package dev.algotrader.core.labels;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Label;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels bars with the forward log return {@code ln(close(t + h) / close(t))}, where {@code t + h}
 * is the bar opening exactly {@code horizonBars * intervalMillis} after {@code t} (time-based: if
 * that bar is missing there is no label), and its class: {@code |r| <= deadBand} → FLAT, else UP or
 * DOWN by sign.
 */
public final class Labeler implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int horizonBars;
    private final double deadBand;
    private final long intervalMillis;
    private final long horizonMillis;

    /** A labeler for a horizon of {@code horizonBars} bars of {@code intervalMillis} each. */
    public Labeler(int horizonBars, double deadBand, long intervalMillis) {
        if (horizonBars <= 0) {
            throw new IllegalArgumentException(
                    "label horizon must be at least 1 bar, got " + horizonBars);
        }
        if (!(deadBand >= 0) || Double.isInfinite(deadBand)) {
            throw new IllegalArgumentException(
                    "label dead band must be a finite number >= 0, got " + deadBand);
        }
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException(
                    "bar interval must be positive, got " + intervalMillis + " ms");
        }
        this.horizonBars = horizonBars;
        this.deadBand = deadBand;
        this.intervalMillis = intervalMillis;
        this.horizonMillis = Math.multiplyExact((long) horizonBars, intervalMillis);
    }

    /** A labeler whose horizon is a duration, e.g. 4 hours of 1m bars = 240 bars. */
    public static Labeler of(Duration horizon, BarInterval interval, double deadBand) {
        return new Labeler(horizonBars(horizon, interval), deadBand, interval.millis());
    }

    /**
     * Number of bars of {@code interval} in {@code horizon}; a clear error when the horizon is not
     * a positive whole number of bars.
     */
    public static int horizonBars(Duration horizon, BarInterval interval) {
        if (horizon == null || horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("label horizon must be positive, got " + horizon);
        }
        return interval.barsIn(horizon);
    }

    public int horizonBars() {
        return horizonBars;
    }

    public double deadBand() {
        return deadBand;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** The class of a forward log return under this labeler's dead band. */
    public Label.Direction classify(double forwardLogReturn) {
        if (Math.abs(forwardLogReturn) <= deadBand) return Label.Direction.FLAT;
        return forwardLogReturn > 0 ? Label.Direction.UP : Label.Direction.DOWN;
    }

    /**
     * Labels of the bars of one symbol in strictly increasing ts order; bars without a bar exactly
     * at their horizon are absent from the result. Throws {@link IllegalArgumentException} for
     * mixed symbols or out-of-order/duplicate timestamps.
     */
    public List<Label> label(List<Bar> barsOfOneSymbolInTimeOrder) {
        List<Bar> bars = barsOfOneSymbolInTimeOrder;
        List<Label> out = new ArrayList<>();
        int n = bars.size();
        for (int i = 1; i < n; i++) {
            Bar prev = bars.get(i - 1), cur = bars.get(i);
            if (!prev.symbol().equals(cur.symbol())) {
                throw new IllegalArgumentException(
                        "labeler got bars of several symbols ("
                                + prev.symbol()
                                + ", "
                                + cur.symbol()
                                + "): label one symbol at a time");
            }
            if (cur.ts() <= prev.ts()) {
                throw new IllegalArgumentException(
                        "bars of "
                                + cur.symbol()
                                + " must have strictly increasing ts: got "
                                + cur.ts()
                                + " after "
                                + prev.ts());
            }
        }
        int j = 0;
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            long target = b.ts() + horizonMillis;
            if (j <= i) j = i + 1;
            while (j < n && bars.get(j).ts() < target) j++;
            if (j >= n) break; // no later bar reaches the horizon: neither does any later i
            Bar h = bars.get(j);
            if (h.ts() != target) continue; // the horizon bar is missing: no label
            double r = StrictMath.log(h.close() / b.close());
            out.add(new Label(b.symbol(), b.interval(), b.ts(), horizonBars, r, classify(r)));
        }
        return out;
    }
}
