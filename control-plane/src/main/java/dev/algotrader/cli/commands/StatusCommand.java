package dev.algotrader.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.batch.store.TableStatus;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.Timing;
import dev.algotrader.cli.flink.ClusterDeployment;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: the platform's state on one screen, or as JSON. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Tables (Delta version, rows), latest bar per symbol and its age, feature sets,"
                        + " champion per model with holdout metrics, trading state (mode, kill"
                        + " switch, drawdown halt), positions, equity and the latest day's PnL,"
                        + " trader deployment, and with algotrader.kafka.bootstrap-servers set the"
                        + " Kafka trader's consumer lag per partition; --json for machines.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object instead of the screen.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = Main.currentContext();
        AppConfig config = ctx.config();
        Instant now = ctx.clock().instant();
        Timing.mark("status starts");
        // no Spark: the log and the few columns status needs are read through Delta Kernel; the
        // sections read different files and run at once (on two cores status waits for the
        // slowest, not the sum)
        LakeReader lake = new LakeReader(config.dataRoot());
        ExecutorService pool =
                SECTION_THREADS > 1
                        ? Executors.newFixedThreadPool(SECTION_THREADS, StatusCommand::daemon)
                        : null;
        Executor run = pool == null ? Runnable::run : pool;
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> roots;
        TableStatus ts;
        List<String> present;
        ClusterDeployment d;
        Map<String, Object> research;
        Map<String, Object> trading;
        Map<String, Object> kafkaLag;
        try {
            var tablesF = section(run, "tables", () -> TableStatus.of(lake, run));
            var tradingF = section(run, "trading", () -> TradingStatus.trading(config, lake, run));
            var presentF = section(run, "feature sets", () -> featureSets(lake));
            var researchF =
                    section(run, "research", () -> TradingStatus.champions(config, ctx.events()));
            var kafkaF = section(run, "kafka", () -> kafkaLag(config));
            roots = HomeRoots.of(config);
            d = ClusterDeployment.read(config.path("algotrader.control.flink.deployment-file"));
            ts = join(tablesF);
            present = join(presentF);
            research = join(researchF);
            trading = join(tradingF);
            kafkaLag = join(kafkaF);
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        Timing.mark("status sections read");

        out.put("time", now.toString());
        out.put("environment", config.environment());
        out.put("data_root", config.dataRoot().toString());
        out.put("roots", roots);
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TableStatus.TableInfo t : ts.tables()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", t.table());
            m.put("exists", t.exists());
            m.put("version", t.exists() ? t.version() : null);
            m.put("rows", t.rows());
            m.put("files", t.files());
            m.put("mb", Math.round(t.megabytes() * 100) / 100.0);
            tables.add(m);
        }
        out.put("tables", tables);
        out.put("bronze_bars_not_in_silver", ts.bronzeNotInSilver());
        List<Map<String, Object>> latest = new ArrayList<>();
        for (TableStatus.LatestBar b : ts.latestBars()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", b.symbol());
            m.put("interval", b.interval());
            m.put("latest_bar", b.time());
            m.put("bars", b.bars());
            // a bar is known at its close: age from ts + interval
            long close = b.ts() + BarInterval.parse(b.interval()).millis();
            m.put("age", age(Duration.ofMillis(Math.max(0, now.toEpochMilli() - close))));
            latest.add(m);
        }
        out.put("latest_bars", latest);
        Map<String, Object> fs = new LinkedHashMap<>();
        fs.put(
                "configured",
                config.raw().getString("algotrader.features.set")
                        + "_v"
                        + config.raw().getInt("algotrader.features.version"));
        fs.put("in_table", present);
        out.put("feature_sets", fs);
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("job_id", d.jobId());
        cluster.put("rest_url", d.restUrl());
        cluster.put("last_savepoint", d.lastSavepoint());
        out.put("trader_cluster_deployment", cluster);
        out.put("research", research);
        out.put("trading", trading);
        out.put("kafka", kafkaLag);

        if (json) {
            ctx.out()
                    .println(
                            new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(out));
            return 0;
        }
        ctx.out().println("algo-trader status at " + now + " (env " + config.environment() + ")");
        ctx.out().println();
        roots.forEach(
                (k, v) -> ctx.out().printf(Locale.ROOT, "%-15s %s%n", k.replace('_', ' '), v));
        ctx.out().println();
        ts.lines().stream().takeWhile(l -> !l.isEmpty()).forEach(ctx.out()::println);
        if (!latest.isEmpty()) {
            ctx.out().println();
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "%-10s %-8s %-26s %10s  %s%n",
                            "symbol",
                            "interval",
                            "latest bar (UTC)",
                            "bars",
                            "age");
            for (Map<String, Object> m : latest) {
                ctx.out()
                        .printf(
                                Locale.ROOT,
                                "%-10s %-8s %-26s %,10d  %s%n",
                                m.get("symbol"),
                                m.get("interval"),
                                m.get("latest_bar"),
                                (Long) m.get("bars"),
                                m.get("age"));
            }
        }
        ctx.out().println();
        ctx.out()
                .println(
                        "feature set: "
                                + fs.get("configured")
                                + " (in silver/features: "
                                + (present.isEmpty() ? "none" : String.join(", ", present))
                                + ")");
        ctx.out()
                .println(
                        "trader on a cluster: "
                                + (d.jobId() == null
                                        ? "not deployed"
                                        : "job "
                                                + d.jobId()
                                                + " on "
                                                + d.restUrl()
                                                + ", last savepoint "
                                                + (d.lastSavepoint() == null
                                                        ? "none"
                                                        : d.lastSavepoint())));
        printResearch(ctx, research);
        printTrading(ctx, trading);
        List<String> lagLines = TraderLag.lines(kafkaLag);
        if (!lagLines.isEmpty()) {
            ctx.out().println();
            lagLines.forEach(ctx.out()::println);
        }
        return 0;
    }

    /**
     * Threads reading the sections (and the tables' logs) of status at once. Two sections (tables,
     * trading) wait for tasks of their own on the same pool; the other threads never wait, so the
     * queued tasks always run. {@code -Dalgotrader.status.threads=1} reads them one after the other
     * on the calling thread (for comparing).
     */
    private static final int SECTION_THREADS = Integer.getInteger("algotrader.status.threads", 4);

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "status-section");
        t.setDaemon(true);
        return t;
    }

    private static <T> CompletableFuture<T> section(Executor pool, String name, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> Timing.span(name, work), pool);
    }

    /** The section's value; its failure is thrown as it was thrown in the section. */
    private static <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception x) throw x;
            if (c instanceof Error x) throw x;
            throw e;
        }
    }

    /** The feature sets present in silver/features (in table order, each once). */
    private static List<String> featureSets(LakeReader lake) {
        java.util.Set<String> sets = new java.util.LinkedHashSet<>();
        if (lake.exists(Table.FEATURES)) {
            lake.scan(
                    Table.FEATURES.path(),
                    LakeFilter.all(),
                    List.of("feature_set"),
                    r -> sets.add(r.getString("feature_set")));
        }
        return new ArrayList<>(sets);
    }

    /** The Kafka trader's lag per partition of bars.<interval> (configured=false: no cluster). */
    private static Map<String, Object> kafkaLag(AppConfig config) {
        KafkaSettings kafka = KafkaSettings.from(config);
        com.typesafe.config.Config t = config.area("trader");
        return TraderLag.read(
                kafka,
                // not KafkaTrader.groupId: that class is the Flink job and would load Flink here
                kafka.traderGroupId(t.getString("run-id")),
                kafka.barsTopic(t.getString("interval")),
                TraderLag.TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private static void printResearch(CliContext ctx, Map<String, Object> r) {
        ctx.out().println();
        ctx.out().println("champions (@" + r.get("alias") + ", " + r.get("registry") + "):");
        if (r.containsKey("error")) ctx.out().println("  " + r.get("error"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("champions");
        if (rows.isEmpty() && !r.containsKey("error")) {
            ctx.out().println("  none yet (run 'algo-trader train' or 'auto-train')");
        }
        for (Map<String, Object> m : rows) {
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "  %-26s v%-4s %-10s auc %s  log-loss %s  strategy %s vs buy&hold %s%n",
                            m.get("model"),
                            m.get("version"),
                            m.get("type"),
                            num(m.get("holdout_auc")),
                            num(m.get("holdout_log_loss")),
                            num(m.get("holdout_strategy_log_return")),
                            num(m.get("holdout_buy_hold_log_return")));
        }
    }

    @SuppressWarnings("unchecked")
    private static void printTrading(CliContext ctx, Map<String, Object> t) {
        ctx.out().println();
        ctx.out()
                .println(
                        "trading (run "
                                + t.get("run_id")
                                + (t.containsKey("strategy")
                                        ? ", strategy "
                                                + t.get("strategy")
                                                + ", model "
                                                + t.get("model")
                                        : "")
                                + "): trader "
                                + t.get("trader_process")
                                + "; control file "
                                + t.get("mode")
                                + (Boolean.TRUE.equals(t.get("kill_switch"))
                                        ? ", KILL SWITCH ON"
                                        : "")
                                + (String.valueOf(t.get("reason")).isEmpty()
                                        ? ""
                                        : " (" + t.get("reason") + ")"));
        ctx.out().println("  " + t.get("trader"));
        for (Map<String, Object> m : (List<Map<String, Object>>) t.get("symbols")) {
            ctx.out()
                    .println(
                            "  "
                                    + m.get("symbol")
                                    + ": last bar "
                                    + m.get("last_bar")
                                    + (Boolean.TRUE.equals(m.get("halted"))
                                            ? ", HALTED: " + m.get("halted_why")
                                            : ", entries allowed"));
        }
        for (Map<String, Object> m : (List<Map<String, Object>>) t.get("positions")) {
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "  position %-8s qty %.6f @ %.2f (mark %.2f, unrealized %.2f, realized"
                                    + " %.2f) as of %s%n",
                            m.get("symbol"),
                            m.get("quantity"),
                            m.get("avg_price"),
                            m.get("market_price"),
                            m.get("unrealized_pnl"),
                            m.get("realized_pnl"),
                            m.get("as_of"));
        }
        if (t.containsKey("equity")) {
            ctx.out()
                    .printf(
                            Locale.ROOT,
                            "  equity %.2f (%s) as of %s; PnL on %s: %+.2f%n",
                            t.get("equity"),
                            t.containsKey("strategy")
                                    ? t.get("strategy") + ", model " + t.get("model")
                                    : "strategy unknown",
                            t.get("equity_as_of"),
                            t.get("pnl_day"),
                            t.get("pnl_day_value"));
        } else {
            ctx.out().println("  no equity yet (run 'algo-trader paper-once')");
        }
    }

    private static String num(Object o) {
        return o instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : "-";
    }

    static String age(Duration d) {
        long days = d.toDays();
        if (days >= 1) return days + "d " + d.toHoursPart() + "h";
        if (d.toHours() >= 1) return d.toHours() + "h " + d.toMinutesPart() + "m";
        return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
}
