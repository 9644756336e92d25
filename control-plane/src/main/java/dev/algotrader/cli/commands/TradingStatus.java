package dev.algotrader.cli.commands;

import static org.apache.spark.sql.functions.col;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.StrategySettings;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.trade.SymbolState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The research and trading half of {@code status}: champion per registered model with its holdout
 * metrics, the trader's control state and per-symbol risk state, the latest positions, equity and
 * the PnL of the latest trading day (all read-only; a source that cannot be read is reported, not
 * fatal).
 */
final class TradingStatus {

    private TradingStatus() {}

    /** Champion (alias from research.promotion.alias) of every registered model. */
    static Map<String, Object> champions(AppConfig config, EventLog events) {
        Map<String, Object> out = new LinkedHashMap<>();
        ResearchConfig rc = ResearchConfig.from(config);
        String alias = rc.promotion().alias();
        out.put("alias", alias);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (TrackingStore store = Tracking.open(rc.mlflow(), null, Clock.systemUTC())) {
            out.put("registry", store.describe());
            for (Registry.ModelRow r : new Registry(store, events).models(null)) {
                if (!r.aliases().contains(alias)) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", r.model());
                m.put("version", r.version());
                m.put("type", r.modelType());
                m.put("feature_set", r.featureSet());
                for (String k :
                        List.of(
                                "holdout_auc",
                                "holdout_log_loss",
                                "holdout_f1",
                                "holdout_strategy_log_return",
                                "holdout_buy_hold_log_return")) {
                    if (r.metrics().containsKey(k)) m.put(k, r.metrics().get(k));
                }
                rows.add(m);
            }
        } catch (RuntimeException e) {
            out.put("error", "registry not readable: " + e.getMessage());
        }
        out.put("champions", rows);
        return out;
    }

    /** Control file, per-symbol risk state, latest positions, equity and day PnL of the trader. */
    static Map<String, Object> trading(AppConfig config, DeltaStore store) {
        var t = config.area("trader");
        String runId = t.getString("run-id");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", runId);
        ControlState c = new ControlFile(config.path("algotrader.trader.control-file")).read();
        out.put("mode", c.mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put("kill_switch", c.killSwitch());
        out.put("reason", c.reason());
        out.putAll(TraderRunStatus.of(config.path("algotrader.trader.state-dir"), c));
        List<Map<String, Object>> symbols = new ArrayList<>();
        for (SymbolState s :
                SymbolState.readAll(config.path("algotrader.trader.state-dir")).values()) {
            KernelState k = s.kernel();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", s.symbol());
            m.put(
                    "last_bar",
                    s.lastBarTs() > 0 ? Instant.ofEpochMilli(s.lastBarTs()).toString() : null);
            m.put("halted", k.halted());
            if (k.halted()) {
                m.put(
                        "halted_why",
                        "max-drawdown circuit breaker ("
                                + StrategySettings.from(config.raw()).risk().maxDrawdown()
                                + "): new entries stopped");
            }
            m.put("model", s.modelKey());
            symbols.add(m);
        }
        out.put("symbols", symbols);
        List<Map<String, Object>> positions = new ArrayList<>();
        if (store.exists(Table.POSITIONS)) {
            // the newest row per symbol: max of a struct led by ts
            Dataset<Row> p =
                    store.read(Table.POSITIONS)
                            .filter(col("run_id").equalTo(runId))
                            .groupBy("symbol")
                            .agg(
                                    org.apache
                                            .spark
                                            .sql
                                            .functions
                                            .max(
                                                    org.apache.spark.sql.functions.struct(
                                                            "ts",
                                                            "quantity",
                                                            "avg_price",
                                                            "market_price",
                                                            "realized_pnl",
                                                            "unrealized_pnl"))
                                            .alias("p"))
                            .select(
                                    col("symbol"),
                                    col("p.ts"),
                                    col("p.quantity"),
                                    col("p.avg_price"),
                                    col("p.market_price"),
                                    col("p.realized_pnl"),
                                    col("p.unrealized_pnl"))
                            .orderBy("symbol");
            for (Row r : p.collectAsList()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("symbol", r.getString(0));
                m.put("as_of", Instant.ofEpochMilli(r.getLong(1)).toString());
                m.put("quantity", r.getDouble(2));
                m.put("avg_price", r.getDouble(3));
                m.put("market_price", r.getDouble(4));
                m.put("realized_pnl", r.getDouble(5));
                m.put("unrealized_pnl", r.getDouble(6));
                positions.add(m);
            }
        }
        out.put("positions", positions);
        if (store.exists(Table.EQUITY)) {
            List<Row> eq =
                    store.read(Table.EQUITY)
                            .filter(col("run_id").equalTo(runId))
                            .select("ts", "equity")
                            .orderBy("ts")
                            .collectAsList();
            if (!eq.isEmpty()) out.putAll(dayPnl(eq));
        }
        return out;
    }

    /**
     * Equity now and the PnL of the latest trading day (UTC): the last equity minus the last equity
     * before that day began (or the day's first point when the run started that day). The trader
     * may replay history, so the day is the latest point's day, named in the output.
     */
    static Map<String, Object> dayPnl(List<Row> equityByTs) {
        Row lastRow = equityByTs.get(equityByTs.size() - 1);
        long lastTs = lastRow.getLong(0);
        long dayStart = Instant.ofEpochMilli(lastTs).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        double ref = Double.NaN;
        for (Row r : equityByTs) {
            if (r.getLong(0) < dayStart) ref = r.getDouble(1);
            else {
                if (Double.isNaN(ref)) ref = r.getDouble(1);
                break;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("equity", lastRow.getDouble(1));
        m.put("equity_as_of", Instant.ofEpochMilli(lastTs).toString());
        m.put("pnl_day", Instant.ofEpochMilli(dayStart).toString().substring(0, 10));
        m.put("pnl_day_value", lastRow.getDouble(1) - ref);
        return m;
    }
}
