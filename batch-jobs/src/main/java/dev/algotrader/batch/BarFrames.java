package dev.algotrader.batch;

import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.Table;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Conversions between {@link Bar} records and rows of {@code silver/bars}. */
public final class BarFrames {

    private BarFrames() {}

    /** The bar of a {@code silver/bars} row (columns by name). */
    public static Bar bar(Row r) {
        return BarRow.read(source(r));
    }

    /** A Spark row as a source of the bar columns (by name). */
    public static BarRow.Source source(Row r) {
        return new BarRow.Source() {
            public String text(String c) {
                return r.getAs(c);
            }

            public long whole(String c) {
                return r.<Long>getAs(c);
            }

            public double number(String c) {
                return r.<Double>getAs(c);
            }
        };
    }

    /**
     * The bar of a row whose first eight columns are symbol, interval, ts, open, high, low, close,
     * volume (positional: no name lookups in the per-row hot path).
     */
    public static Bar barAt(Row r) {
        return new Bar(
                r.getString(0),
                r.getString(1),
                r.getLong(2),
                r.getDouble(3),
                r.getDouble(4),
                r.getDouble(5),
                r.getDouble(6),
                r.getDouble(7));
    }

    /**
     * A {@code silver/bars} row for {@code b} (gap flags from the previous bar in {@code bars}).
     */
    public static Row silverRow(Bar b, boolean gapBefore, String source) {
        Instant t = Instant.ofEpochMilli(b.ts());
        return RowFactory.create(
                b.symbol(),
                b.interval(),
                b.ts(),
                Timestamp.from(t),
                Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                gapBefore,
                source,
                true,
                b.volume() > 0);
    }

    /**
     * The complete bars of a {@code silver/bars} frame: a bar whose interval was still open when
     * its input ended ({@code complete = false}) waits for the ingest that completes it. Tables
     * written before the column existed hold only complete bars.
     */
    public static Dataset<Row> complete(Dataset<Row> bars) {
        if (!java.util.List.of(bars.columns()).contains("complete")) return bars;
        return bars.filter(
                org.apache.spark.sql.functions.coalesce(
                        org.apache.spark.sql.functions.col("complete"),
                        org.apache.spark.sql.functions.lit(true)));
    }

    /** A DataFrame shaped like {@code silver/bars} from bars (any symbols, any order). */
    public static Dataset<Row> silver(SparkSession spark, List<Bar> bars, String source) {
        List<Row> rows = new ArrayList<>(bars.size());
        Bar prev = null;
        for (Bar b : bars) {
            boolean gap =
                    prev != null
                            && prev.symbol().equals(b.symbol())
                            && b.ts() - prev.ts()
                                    > dev.algotrader.schema.BarInterval.parse(b.interval())
                                            .millis();
            rows.add(silverRow(b, gap, source));
            prev = b;
        }
        return spark.createDataFrame(rows, SparkSchemas.of(Table.BARS));
    }
}
