package dev.algotrader.stream.sink;

import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.bars.BarRejection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The column layout of each output record: exactly the columns of its {@code trading/*} table
 * ({@link Table}), snake_case, NaN prices as null, so the control plane can MERGE the files into
 * the Delta tables on their natural keys.
 */
public final class RecordJson {

    private RecordJson() {}

    /** {@code trading/orders} row. */
    public static Map<String, Object> order(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", o.runId());
        m.put("client_order_id", o.clientOrderId());
        m.put("symbol", o.symbol());
        m.put("decision_ts", o.decisionTs());
        m.put("side", o.side().name());
        m.put("type", o.type().name());
        m.put("quantity", o.quantity());
        m.put("limit_price", nan(o.limitPrice()));
        m.put("stop_price", nan(o.stopPrice()));
        m.put("reason", o.reason());
        return m;
    }

    /** {@code trading/fills} row. */
    public static Map<String, Object> fill(Fill f) {
        Map<String, Object> m = new LinkedHashMap<>();
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

    /** {@code trading/positions} row. */
    public static Map<String, Object> position(Position p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", p.runId());
        m.put("symbol", p.symbol());
        m.put("ts", p.ts());
        m.put("quantity", p.quantity());
        m.put("avg_price", nan(p.avgPrice()));
        m.put("market_price", p.marketPrice());
        m.put("realized_pnl", p.realizedPnl());
        m.put("unrealized_pnl", p.unrealizedPnl());
        return m;
    }

    /** {@code trading/equity} row. */
    public static Map<String, Object> equity(EquityPoint e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", e.runId());
        m.put("ts", e.ts());
        m.put("cash", e.cash());
        m.put("position_value", e.positionValue());
        m.put("equity", e.equity());
        return m;
    }

    /** A model score (kept next to the trading tables for audit; not a Delta table). */
    public static Map<String, Object> signal(Signal s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", s.symbol());
        m.put("ts", s.ts());
        m.put("model", s.model());
        m.put("model_version", s.modelVersion());
        m.put("probability_up", nan(s.probabilityUp()));
        return m;
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

    private static Object nan(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
