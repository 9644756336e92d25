package dev.algotrader.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping between a {@link Bar} and a row with the {@code silver/bars} column names, used
 * by every reader and writer of bars: the Spark ingest (column list), the Delta Kernel reader, the
 * control plane's JSONL export for the trader and the trader's bar files. A row source is anything
 * that answers a column by name (a Spark row, a Kernel row, a JSON object, a CSV line with a
 * header).
 */
public final class BarRow {

    /** The columns of a bar, in the order rows and files carry them. */
    public static final List<String> COLUMNS =
            List.of("symbol", "interval", "ts", "open", "high", "low", "close", "volume");

    private BarRow() {}

    /** A row that answers the bar columns by name. */
    public interface Source {
        String text(String column);

        long whole(String column);

        double number(String column);
    }

    /** The bar of a row. */
    public static Bar read(Source row) {
        return new Bar(
                row.text("symbol"),
                row.text("interval"),
                row.whole("ts"),
                row.number("open"),
                row.number("high"),
                row.number("low"),
                row.number("close"),
                row.number("volume"));
    }

    /** The bar's values by column name, in {@link #COLUMNS} order (for JSON and table rows). */
    public static Map<String, Object> values(Bar b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", b.symbol());
        m.put("interval", b.interval());
        m.put("ts", b.ts());
        m.put("open", b.open());
        m.put("high", b.high());
        m.put("low", b.low());
        m.put("close", b.close());
        m.put("volume", b.volume());
        return m;
    }
}
