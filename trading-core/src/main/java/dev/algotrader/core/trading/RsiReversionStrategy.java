package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.OptionalDouble;

/**
 * Baseline without a model: Wilder's RSI over {@code period} closes. Enters LONG when RSI falls
 * below {@code lower} (oversold) and leaves when it rises above {@code exit}; enters SHORT (ignored
 * in long-only mode) above {@code upper} and covers below {@code exit}. Warm-up: {@code period + 1}
 * bars.
 */
public final class RsiReversionStrategy implements Strategy {

    private final int period;
    private final double lower;
    private final double upper;
    private final double exit;
    private long seen;
    private double prevClose = Double.NaN;
    private double avgGain;
    private double avgLoss;

    public RsiReversionStrategy(int period, double lower, double upper, double exit) {
        if (period < 2) {
            throw new IllegalArgumentException("rsi-reversion period must be >= 2, got " + period);
        }
        if (!(0 < lower && lower < exit && exit < upper && upper < 100)) {
            throw new IllegalArgumentException(
                    "rsi-reversion needs 0 < lower < exit < upper < 100 (got lower="
                            + lower
                            + ", exit="
                            + exit
                            + ", upper="
                            + upper
                            + ")");
        }
        this.period = period;
        this.lower = lower;
        this.upper = upper;
        this.exit = exit;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seen);
        out.writeDouble(prevClose);
        out.writeDouble(avgGain);
        out.writeDouble(avgLoss);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        seen = in.readLong();
        prevClose = in.readDouble();
        avgGain = in.readDouble();
        avgLoss = in.readDouble();
    }

    @Override
    public String name() {
        return "rsi-reversion";
    }

    @Override
    public int warmupBars() {
        return period + 1;
    }

    /** Current RSI, NaN during warm-up. */
    double rsi() {
        if (seen <= period) return Double.NaN;
        if (avgLoss == 0) return avgGain == 0 ? 50.0 : 100.0;
        return 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
    }

    @Override
    public Direction onBar(Bar bar, OptionalDouble probabilityUp, Direction current) {
        double c = bar.close();
        if (!Double.isNaN(prevClose)) {
            double ch = c - prevClose;
            double g = Math.max(ch, 0);
            double l = Math.max(-ch, 0);
            if (seen <= period) {
                avgGain += g / period;
                avgLoss += l / period;
            } else {
                avgGain = (avgGain * (period - 1) + g) / period;
                avgLoss = (avgLoss * (period - 1) + l) / period;
            }
        }
        prevClose = c;
        seen++;
        double rsi = rsi();
        if (Double.isNaN(rsi)) return Direction.HOLD;
        if (current != Direction.LONG && rsi < lower) return Direction.LONG;
        if (current != Direction.SHORT && rsi > upper) return Direction.SHORT;
        if (current == Direction.LONG && rsi > exit) return Direction.FLAT;
        if (current == Direction.SHORT && rsi < exit) return Direction.FLAT;
        return Direction.HOLD;
    }

    @Override
    public String describe() {
        return "period=" + period + ",lower=" + lower + ",upper=" + upper + ",exit=" + exit;
    }
}
