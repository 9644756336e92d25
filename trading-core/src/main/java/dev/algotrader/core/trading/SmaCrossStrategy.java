package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Baseline without a model: LONG when the fast simple moving average of closes crosses above the
 * slow one, SHORT (FLAT in long-only mode) when it crosses below, HOLD otherwise. Warm-up: {@code
 * slow} bars (both averages defined) plus one to see a cross.
 */
public final class SmaCrossStrategy implements Strategy {

    // the serialized form of before the indicator methods were added: Java-serialized states
    // (paper-once state files, the trader's end-of-run state) keep reading back
    private static final long serialVersionUID = -4800803569859262700L;

    private final int fast;
    private final int slow;
    private final double[] window;
    private long seen;
    private double prevDiff = Double.NaN;
    // precomputed SMAs of the series being replayed (a backtest), not part of the state
    private transient IndicatorSeries series;
    private transient double[] fastSma;
    private transient double[] slowSma;
    // window slot of the next close (= seen % slow), kept to skip a long division per bar
    private transient int slot;
    private transient boolean slotKnown;

    public SmaCrossStrategy(int fast, int slow) {
        if (fast < 1 || slow <= fast) {
            throw new IllegalArgumentException(
                    "sma-cross needs 1 <= fast < slow (got fast=" + fast + ", slow=" + slow + ")");
        }
        this.fast = fast;
        this.slow = slow;
        this.window = new double[slow];
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(window.length);
        for (double d : window) out.writeDouble(d);
        out.writeLong(seen);
        out.writeDouble(prevDiff);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int n = in.readInt();
        if (n != window.length) {
            throw new IllegalArgumentException(
                    "sma-cross state of slow=" + n + " cannot restore slow=" + window.length);
        }
        for (int k = 0; k < n; k++) window[k] = in.readDouble();
        seen = in.readLong();
        prevDiff = in.readDouble();
        slotKnown = false;
    }

    @Override
    public String name() {
        return "sma-cross";
    }

    @Override
    public int warmupBars() {
        return slow + 1;
    }

    @Override
    public List<Indicator> indicators() {
        return List.of(new Indicator.Sma(fast), new Indicator.Sma(slow));
    }

    @Override
    public void bind(IndicatorSeries s) {
        if (seen != 0) return; // the series starts at the first bar this strategy sees
        series = s;
        fastSma = s.values(new Indicator.Sma(fast));
        slowSma = s.values(new Indicator.Sma(slow));
    }

    @Override
    public Direction onBar(Bar bar, OptionalDouble probabilityUp, Direction current) {
        if (!slotKnown) { // fresh, restored or deserialized
            slot = (int) (seen % slow);
            slotKnown = true;
        }
        window[slot] = bar.close();
        slot = slot + 1 == slow ? 0 : slot + 1;
        seen++;
        if (seen < slow) return Direction.HOLD;
        double diff;
        if (series != null && seen <= series.size() && series.ts((int) seen - 1) == bar.ts()) {
            diff = fastSma[(int) seen - 1] - slowSma[(int) seen - 1];
        } else {
            series = null; // not the series' bars (any more): compute as below from now on
            diff = freshDiff();
        }
        double prev = prevDiff;
        prevDiff = diff;
        if (Double.isNaN(prev)) return Direction.HOLD;
        if (prev <= 0 && diff > 0) return Direction.LONG;
        if (prev >= 0 && diff < 0) return Direction.SHORT;
        return Direction.HOLD;
    }

    /**
     * The two SMAs summed fresh (O(slow)), so the result does not depend on accumulated rounding.
     */
    private double freshDiff() {
        double sumSlow = 0;
        double sumFast = 0;
        for (int k = 0; k < slow; k++) {
            double c = window[(int) ((seen - 1 - k) % slow)];
            sumSlow += c;
            if (k < fast) sumFast += c;
        }
        return sumFast / fast - sumSlow / slow;
    }

    @Override
    public String describe() {
        return "fast=" + fast + ",slow=" + slow;
    }
}
