package dev.algotrader.stream.sink;

import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.TopicCodec;
import dev.algotrader.stream.bars.BarRejection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The column layout of each output record: exactly the columns of its {@code trading/*} table
 * ({@link Table}; equity: {@code trading/equity_accounts}), snake_case, NaN prices as null, so the
 * control plane can MERGE the files into the Delta tables on their natural keys. The trading rows
 * are {@link TopicCodec}'s (the Kafka topics carry the same columns plus a schema version).
 */
public final class RecordJson {

    private RecordJson() {}

    /** {@code trading/orders} row. */
    public static Map<String, Object> order(Order o) {
        return unversioned(TopicCodec.row(o));
    }

    /** {@code trading/fills} row. */
    public static Map<String, Object> fill(Fill f) {
        return unversioned(TopicCodec.row(f));
    }

    /** {@code trading/positions} row. */
    public static Map<String, Object> position(Position p) {
        return unversioned(TopicCodec.row(p));
    }

    /**
     * {@code trading/equity_accounts} row: one sub-account (symbol) at one bar close; the control
     * plane sums each symbol's latest sub-account at each ts into {@code trading/equity}.
     */
    public static Map<String, Object> equity(EquityPoint e) {
        return unversioned(TopicCodec.row(e));
    }

    /** A model score (kept next to the trading tables for audit; not a Delta table). */
    public static Map<String, Object> signal(Signal s) {
        return unversioned(TopicCodec.row(s));
    }

    /** A bar the trader did not process, with its reason. */
    public static Map<String, Object> rejection(BarRejection r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", r.bar().symbol());
        m.put("interval", r.bar().interval());
        m.put("ts", r.bar().ts());
        m.put("open", nan(r.bar().open()));
        m.put("high", nan(r.bar().high()));
        m.put("low", nan(r.bar().low()));
        m.put("close", nan(r.bar().close()));
        m.put("volume", nan(r.bar().volume()));
        m.put("reason", r.reason());
        return m;
    }

    /** The topic row without its schema-version field: the file columns are the table's. */
    private static Map<String, Object> unversioned(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>(row);
        m.remove("v");
        return m;
    }

    private static Object nan(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
