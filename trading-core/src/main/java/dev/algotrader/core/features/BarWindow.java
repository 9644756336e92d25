package dev.algotrader.core.features;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The recent history every feature unit reads: ring buffers of the last closes, one-bar log returns
 * and volumes, and the index of the bar being fed. Bars are counted, not timed.
 */
public final class BarWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] closes;
    private final double[] rets;
    private final double[] volumes;
    private long index;
    private double prevClose = Double.NaN;

    BarWindow(int closeRing, int returnRing, int volumeRing) {
        this.closes = new double[closeRing];
        this.rets = new double[returnRing];
        this.volumes = new double[volumeRing];
    }

    /**
     * Takes in bar number {@code i}: its close, its volume and (from the second bar) its return.
     */
    void push(long i, Bar bar) {
        index = i;
        double c = bar.close();
        prevClose = i >= 1 ? closeAt(i - 1) : Double.NaN; // read before the ring moves
        closes[(int) (i % closes.length)] = c;
        volumes[(int) (i % volumes.length)] = bar.volume();
        if (i >= 1) rets[(int) (i % rets.length)] = StrictMath.log(c / prevClose);
    }

    /** 0-based number of the bar being fed. */
    public long index() {
        return index;
    }

    /** Close of the bar before the one being fed (NaN for the first). */
    public double prevClose() {
        return prevClose;
    }

    /** Close of bar {@code idx}; valid for the last {@code closeRing} bars. */
    public double closeAt(long idx) {
        return closes[(int) (idx % closes.length)];
    }

    /**
     * One-bar log return of bar {@code idx} (from bar 1); valid for the last {@code returnRing}.
     */
    public double returnAt(long idx) {
        return rets[(int) (idx % rets.length)];
    }

    /** Volume of bar {@code idx}; valid for the last {@code volumeRing} bars. */
    public double volumeAt(long idx) {
        return volumes[(int) (idx % volumes.length)];
    }

    /** SMA of the {@code n} closes ending at bar {@code i}, summed oldest first. */
    public double sma(long i, int n) {
        double s = 0;
        for (int k = n - 1; k >= 0; k--) s += closeAt(i - k);
        return s / n;
    }

    void write(DataOutput out) throws IOException {
        for (double d : closes) out.writeDouble(d);
        for (double d : rets) out.writeDouble(d);
        for (double d : volumes) out.writeDouble(d);
    }

    /** Reads the rings back; {@code count} bars were fed before the snapshot. */
    void read(DataInput in, long count) throws IOException {
        for (int k = 0; k < closes.length; k++) closes[k] = in.readDouble();
        for (int k = 0; k < rets.length; k++) rets[k] = in.readDouble();
        for (int k = 0; k < volumes.length; k++) volumes[k] = in.readDouble();
        index = count - 1;
    }
}
