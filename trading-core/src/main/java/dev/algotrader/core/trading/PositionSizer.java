package dev.algotrader.core.trading;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * How big a position a decision targets ({@link Sizing}), with the rolling log returns of the
 * closes that volatility targeting needs.
 */
public final class PositionSizer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] logReturns;
    private int returnsCount;
    private double lastClose = Double.NaN;

    PositionSizer(int volLookback) {
        this.logReturns = new double[Math.max(2, volLookback)];
    }

    /** Records the close of a bar (its log return against the previous close). */
    void onClose(double close) {
        if (Double.isFinite(lastClose)) {
            logReturns[returnsCount % logReturns.length] = Math.log(close / lastClose);
            returnsCount++;
        }
        lastClose = close;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(logReturns.length);
        for (double d : logReturns) out.writeDouble(d);
        out.writeInt(returnsCount);
        out.writeDouble(lastClose);
    }

    static PositionSizer read(DataInput in) throws IOException {
        PositionSizer s = new PositionSizer(KernelCodec.count(in));
        for (int k = 0; k < s.logReturns.length; k++) s.logReturns[k] = in.readDouble();
        s.returnsCount = in.readInt();
        s.lastClose = in.readDouble();
        return s;
    }

    /** Returns seen so far. */
    public int returnsCount() {
        return returnsCount;
    }

    /**
     * The fraction of equity to hold: fixed, or {@code min(maxLeverage, volTarget / vol)} with vol
     * the annualised sample deviation of the last {@code volLookback} returns (NaN until they
     * exist; max leverage when they do not move).
     */
    double fraction(Sizing s, double periodsPerYear) {
        if (s.method() == Sizing.Method.FIXED_FRACTION) return s.fraction();
        int n = s.volLookback();
        if (returnsCount < n) return Double.NaN;
        double[] r = logReturns;
        double mean = 0;
        for (int k = 0; k < n; k++) mean += r[(returnsCount - 1 - k) % r.length];
        mean /= n;
        double ss = 0;
        for (int k = 0; k < n; k++) {
            double x = r[(returnsCount - 1 - k) % r.length] - mean;
            ss += x * x;
        }
        double vol = Math.sqrt(ss / (n - 1)) * Math.sqrt(periodsPerYear);
        if (!(vol > 0)) return s.maxLeverage();
        return Math.min(s.maxLeverage(), s.volTarget() / vol);
    }
}
