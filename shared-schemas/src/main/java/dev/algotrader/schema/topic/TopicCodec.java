package dev.algotrader.schema.topic;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Side;
import dev.algotrader.schema.Signal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one encoding of every topic value: a compact JSON object, UTF-8, whose first field {@code
 * "v"} is the schema version ({@link #VERSION}) and whose other fields are the snake_case columns
 * of the record's {@code trading/*} table (NaN prices as null). Keys are UTF-8 text ({@link Topic}
 * says which field). A reader accepts every version up to its own and refuses newer ones, missing
 * fields and wrong types with a {@link TopicRecordException} whose message is the dead-letter
 * reason.
 */
public final class TopicCodec {

    /** The schema version this build writes and the newest it reads. */
    public static final int VERSION = 1;

    private TopicCodec() {}

    // ---- keys

    /** The record key as bytes. */
    public static byte[] key(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    // ---- bars

    /** A bar's columns. */
    public static Map<String, Object> row(Bar b) {
        Map<String, Object> m = versioned();
        m.putAll(BarRow.values(b));
        return m;
    }

    public static byte[] encode(Bar b) {
        return bytes(row(b));
    }

    /** Decodes a bar; it is not validated here ({@link Bar#invalidReason()} is the caller's). */
    public static Bar decodeBar(byte[] value) {
        Map<String, Object> m = object(value);
        return BarRow.read(
                new BarRow.Source() {
                    @Override
                    public String text(String column) {
                        return str(m, column);
                    }

                    @Override
                    public long whole(String column) {
                        return lng(m, column);
                    }

                    @Override
                    public double number(String column) {
                        return dbl(m, column);
                    }
                });
    }

    // ---- orders

    /** The {@code trading/orders} columns of an order. */
    public static Map<String, Object> row(Order o) {
        Map<String, Object> m = versioned();
        m.put("run_id", o.runId());
        m.put("client_order_id", o.clientOrderId());
        m.put("symbol", o.symbol());
        m.put("decision_ts", o.decisionTs());
        m.put("side", o.side().name());
        m.put("type", o.type().name());
        m.put("quantity", o.quantity());
        m.put("limit_price", finite(o.limitPrice()));
        m.put("stop_price", finite(o.stopPrice()));
        m.put("reason", o.reason());
        return m;
    }

    public static byte[] encode(Order o) {
        return bytes(row(o));
    }

    public static Order decodeOrder(byte[] value) {
        Map<String, Object> m = object(value);
        return new Order(
                str(m, "run_id"),
                str(m, "client_order_id"),
                str(m, "symbol"),
                lng(m, "decision_ts"),
                side(m),
                enumOf(OrderType.class, m, "type"),
                dbl(m, "quantity"),
                optDbl(m, "limit_price"),
                optDbl(m, "stop_price"),
                optStr(m, "reason"));
    }

    // ---- fills

    /** The {@code trading/fills} columns of a fill. */
    public static Map<String, Object> row(Fill f) {
        Map<String, Object> m = versioned();
        m.put("run_id", f.runId());
        m.put("client_order_id", f.clientOrderId());
        m.put("symbol", f.symbol());
        m.put("ts", f.ts());
        m.put("side", f.side().name());
        m.put("quantity", f.quantity());
        m.put("price", f.price());
        m.put("fee", f.fee());
        m.put("slippage_cost", f.slippageCost());
        return m;
    }

    public static byte[] encode(Fill f) {
        return bytes(row(f));
    }

    public static Fill decodeFill(byte[] value) {
        Map<String, Object> m = object(value);
        return new Fill(
                str(m, "run_id"),
                str(m, "client_order_id"),
                str(m, "symbol"),
                lng(m, "ts"),
                side(m),
                dbl(m, "quantity"),
                dbl(m, "price"),
                dbl(m, "fee"),
                dbl(m, "slippage_cost"));
    }

    // ---- positions

    /** The {@code trading/positions} columns of a position. */
    public static Map<String, Object> row(Position p) {
        Map<String, Object> m = versioned();
        m.put("run_id", p.runId());
        m.put("symbol", p.symbol());
        m.put("ts", p.ts());
        m.put("quantity", p.quantity());
        m.put("avg_price", finite(p.avgPrice()));
        m.put("market_price", p.marketPrice());
        m.put("realized_pnl", p.realizedPnl());
        m.put("unrealized_pnl", p.unrealizedPnl());
        return m;
    }

    public static byte[] encode(Position p) {
        return bytes(row(p));
    }

    public static Position decodePosition(byte[] value) {
        Map<String, Object> m = object(value);
        return new Position(
                str(m, "run_id"),
                str(m, "symbol"),
                lng(m, "ts"),
                dbl(m, "quantity"),
                optDbl(m, "avg_price"),
                dbl(m, "market_price"),
                dbl(m, "realized_pnl"),
                dbl(m, "unrealized_pnl"));
    }

    // ---- equity

    /**
     * The {@code trading/equity_accounts} columns of an equity point: its sub-account in {@code
     * symbol} ({@link EquityPoint#ACCOUNT}, empty, for the whole account).
     */
    public static Map<String, Object> row(EquityPoint e) {
        Map<String, Object> m = versioned();
        m.put("run_id", e.runId());
        m.put("symbol", e.symbol());
        m.put("ts", e.ts());
        m.put("cash", e.cash());
        m.put("position_value", e.positionValue());
        m.put("equity", e.equity());
        return m;
    }

    public static byte[] encode(EquityPoint e) {
        return bytes(row(e));
    }

    /**
     * Decodes an equity point; a version-1 record without {@code symbol} (written before the field
     * existed) is the run's one unnamed account, {@link EquityPoint#ACCOUNT}.
     */
    public static EquityPoint decodeEquity(byte[] value) {
        Map<String, Object> m = object(value);
        return new EquityPoint(
                str(m, "run_id"),
                optStr(m, "symbol"),
                lng(m, "ts"),
                dbl(m, "cash"),
                dbl(m, "position_value"),
                dbl(m, "equity"));
    }

    // ---- signals

    /** A model score. */
    public static Map<String, Object> row(Signal s) {
        Map<String, Object> m = versioned();
        m.put("symbol", s.symbol());
        m.put("ts", s.ts());
        m.put("model", s.model());
        m.put("model_version", s.modelVersion());
        m.put("probability_up", finite(s.probabilityUp()));
        return m;
    }

    public static byte[] encode(Signal s) {
        return bytes(row(s));
    }

    public static Signal decodeSignal(byte[] value) {
        Map<String, Object> m = object(value);
        return new Signal(
                str(m, "symbol"),
                lng(m, "ts"),
                optStr(m, "model"),
                optStr(m, "model_version"),
                optDbl(m, "probability_up"));
    }

    // ---- events

    /** An audit event. */
    public static Map<String, Object> row(Event e) {
        Map<String, Object> m = versioned();
        m.put("time", e.time());
        m.put("actor", e.actor());
        m.put("event", e.event());
        m.put("run_id", e.runId());
        m.put("details", e.details());
        return m;
    }

    public static byte[] encode(Event e) {
        return bytes(row(e));
    }

    @SuppressWarnings("unchecked")
    public static Event decodeEvent(byte[] value) {
        Map<String, Object> m = object(value);
        Object d = m.get("details");
        if (d != null && !(d instanceof Map))
            throw new TopicRecordException("details: not an object");
        return new Event(
                str(m, "time"),
                str(m, "actor"),
                str(m, "event"),
                optStr(m, "run_id"),
                (Map<String, Object>) d);
    }

    // ---- dead letters

    /** A dead letter. */
    public static Map<String, Object> row(DeadLetter d) {
        Map<String, Object> m = versioned();
        m.put("source_topic", d.sourceTopic());
        m.put("partition", d.partition());
        m.put("offset", d.offset());
        m.put("key", d.key());
        m.put("value", d.value());
        m.put("reason", d.reason());
        m.put("ts", d.ts());
        return m;
    }

    public static byte[] encode(DeadLetter d) {
        return bytes(row(d));
    }

    public static DeadLetter decodeDeadLetter(byte[] value) {
        Map<String, Object> m = object(value);
        return new DeadLetter(
                str(m, "source_topic"),
                Math.toIntExact(lng(m, "partition")),
                lng(m, "offset"),
                optStr(m, "key"),
                optStr(m, "value"),
                str(m, "reason"),
                lng(m, "ts"));
    }

    // ---- plumbing

    private static Map<String, Object> versioned() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        return m;
    }

    private static byte[] bytes(Map<String, Object> m) {
        return CompactJson.write(m).getBytes(StandardCharsets.UTF_8);
    }

    /** The value as a JSON object of a version this build reads. */
    public static Map<String, Object> object(byte[] value) {
        if (value == null) throw new TopicRecordException("empty value");
        Map<String, Object> m;
        try {
            m = CompactJson.readObject(new String(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new TopicRecordException(e.getMessage());
        }
        Object v = m.get("v");
        if (!(v instanceof Long version))
            throw new TopicRecordException("missing schema version v");
        if (version < 1 || version > VERSION) {
            throw new TopicRecordException(
                    "schema version "
                            + version
                            + " is not readable by this build (reads 1.."
                            + VERSION
                            + ")");
        }
        return m;
    }

    private static Object finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String str(Map<String, Object> m, String k) {
        String s = optStr(m, k);
        if (s == null) throw new TopicRecordException("missing field " + k);
        return s;
    }

    private static String optStr(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw new TopicRecordException(k + ": not a string");
    }

    private static long lng(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v instanceof Long l) return l;
        if (v == null) throw new TopicRecordException("missing field " + k);
        throw new TopicRecordException(k + ": not an integer");
    }

    private static double dbl(Map<String, Object> m, String k) {
        Object v = m.get(k);
        if (v == null) throw new TopicRecordException("missing field " + k);
        return num(k, v);
    }

    private static double optDbl(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? Double.NaN : num(k, v);
    }

    private static double num(String k, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw new TopicRecordException(k + ": not a number");
    }

    private static Side side(Map<String, Object> m) {
        return enumOf(Side.class, m, "side");
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Map<String, Object> m, String k) {
        String s = str(m, k);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new TopicRecordException(k + ": unknown value '" + s + "'");
        }
    }
}
