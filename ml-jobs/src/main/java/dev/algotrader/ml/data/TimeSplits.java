package dev.algotrader.ml.data;

import static org.apache.spark.sql.functions.col;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Maps the bar-index ranges of {@link WalkForwardSplitter} onto the bar times of a training set, as
 * Spark filters on {@code ts}. The index axis is the distinct, increasing bar times, so a purge of
 * {@code h} bars is exactly the label horizon of {@code h} bars.
 */
public final class TimeSplits {

    private TimeSplits() {}

    /** Splits {@code times.length} bars; a too-short series gives a clear message. */
    public static WalkForwardSplitter.Split split(long[] times, WalkForwardSplitter.Config cfg) {
        return new WalkForwardSplitter(cfg).split(times.length);
    }

    /** {@code ts} in any of {@code ranges} (index ranges into {@code times}). */
    public static Column in(long[] times, List<Range> ranges) {
        Column c = functions.lit(false);
        for (Range r : ranges) c = c.or(in(times, r));
        return c;
    }

    /** {@code ts} in one index range. */
    public static Column in(long[] times, Range r) {
        if (r.size() <= 0) return functions.lit(false);
        return col("ts").between(times[r.from()], times[r.to() - 1]);
    }
}
