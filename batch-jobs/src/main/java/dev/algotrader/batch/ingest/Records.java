package dev.algotrader.batch.ingest;

import dev.algotrader.schema.Bar;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The common shape of an input record after parsing, whatever its source: one trade or one bar (or
 * one file-level problem), with the place it came from and, when it is bad, the reason. Column
 * {@code n} counts the input records a row stands for (1 for a parsed line, the number of trades
 * for an aggregated bar). Column {@code complete} is false for a trade bar whose interval was still
 * open at the end of its input.
 */
public final class Records {

    private Records() {}

    public static final StructType SCHEMA =
            new StructType()
                    .add("source", DataTypes.StringType, false)
                    .add("source_file", DataTypes.StringType, false)
                    .add("line", DataTypes.LongType, false)
                    .add("raw", DataTypes.StringType, true)
                    .add("symbol", DataTypes.StringType, true)
                    .add("interval", DataTypes.StringType, true)
                    .add("ts", DataTypes.LongType, true)
                    .add("open", DataTypes.DoubleType, true)
                    .add("high", DataTypes.DoubleType, true)
                    .add("low", DataTypes.DoubleType, true)
                    .add("close", DataTypes.DoubleType, true)
                    .add("volume", DataTypes.DoubleType, true)
                    .add("is_trade", DataTypes.BooleanType, false)
                    .add("reason", DataTypes.StringType, true)
                    .add("n", DataTypes.LongType, false)
                    .add("complete", DataTypes.BooleanType, false);

    static final int SOURCE = 0,
            FILE = 1,
            LINE = 2,
            RAW = 3,
            SYMBOL = 4,
            INTERVAL = 5,
            TS = 6,
            OPEN = 7,
            HIGH = 8,
            LOW = 9,
            CLOSE = 10,
            VOLUME = 11,
            IS_TRADE = 12,
            REASON = 13,
            N = 14,
            COMPLETE = 15;

    /** A good bar (or a trade with open=high=low=close=price, volume=amount). */
    public static Row ok(
            String source,
            String file,
            long line,
            String raw,
            String symbol,
            String interval,
            long ts,
            double open,
            double high,
            double low,
            double close,
            double volume,
            boolean trade) {
        return RowFactory.create(
                source, file, line, raw, symbol, interval, ts, open, high, low, close, volume,
                trade, null, 1L, true);
    }

    /** A good bar record of {@code bar} (from a bar source, not a trade). */
    public static Row ok(String source, String file, long line, String raw, Bar bar) {
        return ok(
                source,
                file,
                line,
                raw,
                bar.symbol(),
                bar.interval(),
                bar.ts(),
                bar.open(),
                bar.high(),
                bar.low(),
                bar.close(),
                bar.volume(),
                false);
    }

    /** A bad record with its reason. */
    public static Row rejected(
            String source, String file, long line, String raw, boolean trade, String reason) {
        return RowFactory.create(
                source, file, line, raw, null, null, null, null, null, null, null, null, trade,
                reason, 1L, true);
    }

    /** {@code r} with the reason set (values kept for the log). */
    static Row withReason(Row r, String reason) {
        Object[] v = values(r);
        v[REASON] = reason;
        return RowFactory.create(v);
    }

    static Object[] values(Row r) {
        Object[] v = new Object[r.length()];
        for (int i = 0; i < v.length; i++) v[i] = r.get(i);
        return v;
    }
}
