package dev.algotrader.cli.commands;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.trading.KernelState;
import dev.algotrader.core.trading.StrategySettings;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.LakeRow;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

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
    static Map<String, Object> trading(AppConfig config, LakeReader lake) {
        return trading(config, lake, Runnable::run);
    }

    /** As {@link #trading(AppConfig, LakeReader)}, the equity read as a task of {@code pool}. */
    static Map<String, Object> trading(AppConfig config, LakeReader lake, Executor pool) {
        var t = config.area("trader");
        String runId = t.getString("run-id");
        CompletableFuture<List<long[]>> equity =
                CompletableFuture.supplyAsync(() -> equity(lake, runId), pool);
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
        if (lake.exists(Table.POSITIONS)) {
            // the newest row per symbol
            Map<String, LakeRow> newest = new java.util.TreeMap<>();
            lake.scan(
                    Table.POSITIONS.path(),
                    LakeFilter.all().eq("run_id", runId),
                    List.of(
                            "symbol",
                            "ts",
                            "quantity",
                            "avg_price",
                            "market_price",
                            "realized_pnl",
                            "unrealized_pnl"),
                    r ->
                            newest.merge(
                                    r.getString("symbol"),
                                    r,
                                    (a, b) -> b.getLong("ts") > a.getLong("ts") ? b : a));
            for (LakeRow r : newest.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("symbol", r.getString("symbol"));
                m.put("as_of", Instant.ofEpochMilli(r.getLong("ts")).toString());
                m.put("quantity", r.getDouble("quantity"));
                m.put("avg_price", r.getDouble("avg_price"));
                m.put("market_price", r.getDouble("market_price"));
                m.put("realized_pnl", r.getDouble("realized_pnl"));
                m.put("unrealized_pnl", r.getDouble("unrealized_pnl"));
                positions.add(m);
            }
        }
        out.put("positions", positions);
        List<long[]> eq;
        try {
            eq = equity.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        if (!eq.isEmpty()) out.putAll(dayPnl(eq));
        return out;
    }

    /** (ts, equity bits) of the run's equity points in time order (empty without a table). */
    private static List<long[]> equity(LakeReader lake, String runId) {
        List<long[]> eq = new ArrayList<>();
        if (!lake.exists(Table.EQUITY)) return eq;
        lake.scan(
                Table.EQUITY.path(),
                LakeFilter.all().eq("run_id", runId),
                List.of("ts", "equity"),
                r ->
                        eq.add(
                                new long[] {
                                    r.getLong("ts"),
                                    Double.doubleToRawLongBits(r.getDouble("equity"))
                                }));
        eq.sort(java.util.Comparator.comparingLong(a -> a[0]));
        return eq;
    }

    /**
     * Equity now and the PnL of the latest trading day (UTC): the last equity minus the last equity
     * before that day began (or the day's first point when the run started that day). The trader
     * may replay history, so the day is the latest point's day, named in the output.
     */
    static Map<String, Object> dayPnl(List<long[]> equityByTs) {
        long[] lastRow = equityByTs.get(equityByTs.size() - 1);
        long lastTs = lastRow[0];
        double last = Double.longBitsToDouble(lastRow[1]);
        long dayStart = Instant.ofEpochMilli(lastTs).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        double ref = Double.NaN;
        for (long[] r : equityByTs) {
            double e = Double.longBitsToDouble(r[1]);
            if (r[0] < dayStart) ref = e;
            else {
                if (Double.isNaN(ref)) ref = e;
                break;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("equity", last);
        m.put("equity_as_of", Instant.ofEpochMilli(lastTs).toString());
        m.put("pnl_day", Instant.ofEpochMilli(dayStart).toString().substring(0, 10));
        m.put("pnl_day_value", last - ref);
        return m;
    }
}
