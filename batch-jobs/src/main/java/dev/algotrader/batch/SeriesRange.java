package dev.algotrader.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import org.apache.spark.sql.Column;

/**
 * A time range of one bar series (symbol, interval) of {@code silver/bars}, both ends inclusive and
 * each optional, as a filter that Delta can use: the {@code symbol} and {@code date} partitions
 * outside it are pruned and files whose {@code ts} statistics lie outside it skipped. The date
 * bounds keep a day of margin, so they never depend on the session time zone.
 */
public record SeriesRange(String symbol, String interval, long from, long to) {

    /** No lower bound. */
    public static final long OPEN_START = Long.MIN_VALUE;

    /** No upper bound. */
    public static final long OPEN_END = Long.MAX_VALUE;

    private static final long DAY = 86_400_000L;

    /** The whole series. */
    public static SeriesRange all(String symbol, String interval) {
        return new SeriesRange(symbol, interval, OPEN_START, OPEN_END);
    }

    /** The series from {@code from} on. */
    public static SeriesRange from(String symbol, String interval, long from) {
        return new SeriesRange(symbol, interval, from, OPEN_END);
    }

    /** This range as a filter on {@code silver/bars} columns. */
    public Column filter() {
        Column c = col("symbol").equalTo(symbol).and(col("interval").equalTo(interval));
        if (from != OPEN_START)
            c = c.and(col("ts").geq(from)).and(col("date").geq(date(from - DAY)));
        if (to != OPEN_END) c = c.and(col("ts").leq(to)).and(col("date").leq(date(to + DAY)));
        return c;
    }

    /** The rows of this series (any time). */
    public Column series() {
        return col("symbol").equalTo(symbol).and(col("interval").equalTo(interval));
    }

    /** A row in any of {@code ranges} (false for none). */
    public static Column any(Collection<SeriesRange> ranges) {
        Column c = null;
        for (SeriesRange r : ranges) c = c == null ? r.filter() : c.or(r.filter());
        return c == null ? lit(false) : c;
    }

    private static Column date(long millis) {
        long m = Math.max(millis, -DAY * 365 * 10_000), n = Math.min(m, DAY * 365 * 10_000);
        return lit(
                java.sql.Date.valueOf(
                        Instant.ofEpochMilli(n).atZone(ZoneOffset.UTC).toLocalDate()));
    }
}
