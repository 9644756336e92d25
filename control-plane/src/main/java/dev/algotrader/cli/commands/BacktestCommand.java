package dev.algotrader.cli.commands;

import dev.algotrader.batch.sweep.BacktestSweep;
import dev.algotrader.batch.sweep.LeaderboardFormats;
import dev.algotrader.batch.sweep.LeaderboardRow;
import dev.algotrader.batch.sweep.SweepCell;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.core.report.BacktestReport;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.predict.BacktestTracking;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backtest}: replays {@code silver/bars} through the trading kernel (strategy, risk, fills,
 * portfolio), MERGEs the run into {@code trading/*} and writes the HTML+JSON report; {@code
 * --sweep} runs the parameter grid on Spark and prints the leaderboard.
 */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description =
                "Backtest a strategy (sma-cross, rsi-reversion, or model = the champion's scores)"
                        + " on silver/bars; writes trading/* and an HTML+JSON report. --sweep runs"
                        + " the parameter grid of algotrader.backtest.sweep on Spark.")
public final class BacktestCommand extends JobCommand {

    @Option(
            names = "--strategy",
            paramLabel = "sma-cross|rsi-reversion|model",
            description = "Strategy (default: algotrader.backtest.strategy).")
    String strategy;

    @Option(names = "--from", description = "Start, inclusive (UTC day or instant).")
    String from;

    @Option(names = "--to", description = "End, exclusive (UTC day or instant).")
    String to;

    @Option(
            names = "--symbol",
            split = ",",
            description = "Symbol(s) (default: algotrader.backtest.symbols).")
    List<String> symbols;

    @Option(names = "--sweep", description = "Run the parameter grid and print the leaderboard.")
    boolean sweep;

    @Option(
            names = "--model",
            description =
                    "Strategy model: the registered model whose gold/predictions are replayed"
                            + " (default: <symbol>_<interval>_<research.strategy>).")
    String model;

    @Option(
            names = "--model-version",
            paramLabel = "N|ALIAS",
            description = "Strategy model: version or alias (default: research.promotion.alias).")
    String modelVersion;

    @Option(
            names = "--if-champion",
            description =
                    "Strategy model: when the model has no such version or alias yet, print one"
                            + " line and exit 0 instead of failing (make backtest uses it).")
    boolean ifChampion;

    @Override
    protected String jobName() {
        return sweep ? "backtest-sweep" : "backtest";
    }

    @Override
    protected String actor() {
        return "backtester";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        AppConfig app = ctx.config();
        Map<String, String> flags = new LinkedHashMap<>();
        if (strategy != null) flags.put("strategy", strategy);
        if (from != null) flags.put("from", from);
        if (to != null) flags.put("to", to);
        if (symbols != null) flags.put("symbols", String.join(",", symbols));
        BacktestConfig cfg = BacktestConfig.from(app.raw(), flags);
        // reads and the trading/* append go through Delta Kernel: Spark starts only for a
        // sweep, for scoring a model version that has no stored predictions, or a real MERGE
        Lake lake = Lake.of(app);
        if (!lake.reader().exists(Table.BARS)) {
            throw new UserError(
                    "no silver/bars below "
                            + lake.root()
                            + ": run 'algo-trader ingest' first (or 'algo-trader demo')");
        }
        Path reports = app.reportsDir();
        if (cfg.symbols().isEmpty())
            cfg = cfg.withSymbols(symbolsIn(lake.reader(), cfg.interval()));
        if (sweep) return sweep(ctx, runId, app, lake, cfg, reports);

        if (!"model".equals(cfg.strategy())) {
            Progress.step("read silver/bars");
            List<Bar> bars = bars(lake.reader(), cfg);
            Progress.step("replay " + bars.size() + " bars through " + cfg.strategy());
            BacktestResult r = Backtester.run(cfg, runId, bars, Predictions.none());
            return finish(ctx, runId, lake, cfg, bars, r, reports, null, List.of());
        }
        ResearchConfig rc = ResearchConfig.from(app);
        try (TrackingStore ts = Tracking.open(rc.mlflow(), null, ctx.clock())) {
            Registry reg = new Registry(ts, ctx.events());
            String ref = modelVersion != null ? modelVersion : rc.promotion().alias();
            if (ifChampion) {
                String missing = missingModel(reg, rc, ref, cfg.symbols(), cfg.interval());
                if (missing != null) {
                    Progress.line(
                            "no model backtest: "
                                    + missing
                                    + " has no @"
                                    + ref
                                    + " yet (run 'algo-trader train' or 'algo-trader auto-train')");
                    return new JobSummary(
                            "backtest", runId, 0, 0, 0, Map.of("skipped", "no @" + ref));
                }
            }
            List<ModelPredictions.Entry> entries =
                    ModelPredictions.ensure(
                            lake, reg, rc, model, ref, cfg.symbols(), cfg.interval(), false);
            long holdoutFrom = Long.MIN_VALUE;
            for (ModelPredictions.Entry e : entries) {
                holdoutFrom = Math.max(holdoutFrom, e.holdoutFromTs());
                Progress.line(
                        String.format(
                                "model: %s v%s, %,d out-of-sample scores of %s in gold/predictions"
                                        + " (%s)",
                                e.model(),
                                e.version(),
                                e.rows(),
                                e.symbol(),
                                e.scoredNow() ? "scored now" : "already there"));
            }
            Instant hfi = Instant.ofEpochMilli(holdoutFrom);
            String note = "model: holdout (out-of-sample) starts " + hfi;
            if (from == null) {
                cfg = cfg.withPeriod(hfi, cfg.to());
                note += ", the backtest starts there";
            } else if (cfg.from() != null && cfg.from().isBefore(hfi)) {
                note += " — WARNING: bars before it have no score, the strategy stays flat there";
            }
            Progress.line(note);
            cfg = withModelVersion(cfg, entries.get(0).version());
            Predictions predictions = ModelPredictions.read(lake.reader(), entries, cfg.interval());
            Progress.step("read silver/bars");
            List<Bar> bars = bars(lake.reader(), cfg);
            Progress.step("replay " + bars.size() + " bars through the model strategy");
            BacktestResult r = Backtester.run(cfg, runId, bars, predictions);
            return finish(ctx, runId, lake, cfg, bars, r, reports, ts, entries);
        }
    }

    /** The first symbol's model without version/alias {@code ref}, or null when all have it. */
    private String missingModel(
            Registry reg, ResearchConfig rc, String ref, List<String> symbols, String interval) {
        for (String symbol : symbols) {
            String name = ModelPredictions.modelName(rc, model, symbol, interval);
            boolean found =
                    ref.matches("\\d+")
                            ? reg.store().modelVersion(name, ref).isPresent()
                            : reg.aliasVersion(name, ref).isPresent();
            if (!found) return name;
        }
        return null;
    }

    /** Fills that fell in a bar without volume (no participation cap behind them). */
    static long volumeFreeFills(List<Bar> bars, List<dev.algotrader.schema.Fill> fills) {
        Map<String, java.util.TreeMap<Long, Bar>> free = new java.util.HashMap<>();
        for (Bar b : bars) {
            if (b.volume() > 0) continue;
            free.computeIfAbsent(b.symbol(), k -> new java.util.TreeMap<>()).put(b.ts(), b);
        }
        if (free.isEmpty()) return 0;
        long n = 0;
        for (dev.algotrader.schema.Fill f : fills) {
            var series = free.get(f.symbol());
            var e = series == null ? null : series.floorEntry(f.ts());
            if (e != null && f.ts() < e.getValue().closeTime()) n++;
        }
        return n;
    }

    /** Writes trading/* and the report, logs it to the model runs (if any), prints the summary. */
    private static JobSummary finish(
            CliContext ctx,
            String runId,
            Lake lake,
            BacktestConfig cfg,
            List<Bar> bars,
            BacktestResult r,
            Path reports,
            TrackingStore ts,
            List<ModelPredictions.Entry> entries) {
        Progress.step("merge the run into trading/* and write the report");
        Map<String, Long> versions =
                TradingTables.mergeBacktest(lake, r.orders(), r.fills(), r.positions(), r.equity());
        Path folder = BacktestReport.folder(reports, runId);
        Path html = BacktestReport.write(r, bars, folder);
        Progress.line(BacktestReport.summaryLine(r));
        Progress.line("report: " + html.toAbsolutePath());
        Progress.line(
                "rows in "
                        + lake.root().resolve("trading")
                        + " (orders, fills, positions, equity) with run_id = "
                        + runId);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("strategy", cfg.strategy());
        d.put("orders", r.orders().size());
        d.put("fills", r.fills().size());
        long volumeFree = volumeFreeFills(bars, r.fills());
        if (volumeFree > 0) {
            d.put("volume_free_fills", volumeFree);
            Progress.line(
                    volumeFree
                            + " fill(s) on bars without volume (volume_known = false): filled"
                            + " without the participation cap (fill.volume-free-notional-cap)");
        }
        d.put("report", html.toString());
        d.put("trading_versions", versions.toString());
        java.util.Set<String> logged = new java.util.LinkedHashSet<>();
        for (ModelPredictions.Entry e : entries) {
            if (e.runId() == null || e.runId().isEmpty() || !logged.add(e.runId())) continue;
            String art = BacktestTracking.log(ts, e.runId(), r, folder);
            Progress.line(
                    "logged to MLflow run "
                            + e.runId()
                            + " ("
                            + e.model()
                            + " v"
                            + e.version()
                            + "): "
                            + art
                            + "/report.html, summary.json, backtest.* metrics");
        }
        if (!logged.isEmpty()) d.put("mlflow_runs", String.join(",", logged));
        return new JobSummary("backtest", runId, bars.size(), r.equity().size(), 0, d);
    }

    private static BacktestConfig withModelVersion(BacktestConfig c, String version) {
        return new BacktestConfig(
                c.strategy(),
                c.strategyParams(),
                version,
                c.symbols(),
                c.from(),
                c.to(),
                c.interval(),
                c.initialCash(),
                c.mode(),
                c.latencyMs(),
                c.seed(),
                c.sizing(),
                c.orders(),
                c.fillModel(),
                c.feeModel(),
                c.risk());
    }

    private JobSummary sweep(
            CliContext ctx,
            String runId,
            AppConfig app,
            Lake lake,
            BacktestConfig cfg,
            Path reports) {
        com.typesafe.config.Config sw = app.area("backtest").getConfig("sweep");
        List<SweepCell> cells = BacktestSweep.grid(sw, cfg, cfg.symbols());
        Progress.step("read silver/bars");
        List<Bar> bars = bars(lake.reader(), cfg);
        // the core sweep on this machine's cores (same leaderboard as the Spark sweep)
        int threads = Runtime.getRuntime().availableProcessors();
        Progress.step("sweep " + cells.size() + " cells on " + threads + " cores");
        Progress.rows(bars.size());
        List<LeaderboardRow> rows =
                BacktestSweep.runLocal(bars, cfg, cells, sw.getString("rank-by"), threads);
        Path csv =
                LeaderboardFormats.writeCsv(
                        rows, reports.resolve(sw.getString("output")).resolve(runId));
        Path html =
                dev.algotrader.batch.sweep.SweepReport.writeHtml(
                        rows,
                        csv.getParent(),
                        "Backtest sweep " + runId + " (" + cfg.interval() + " bars)",
                        sw.getString("rank-by"));
        Progress.line(LeaderboardFormats.table(rows, 10));
        Progress.line("leaderboard: " + csv.toAbsolutePath());
        Progress.line("report: " + html.toAbsolutePath());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("cells", cells.size());
        d.put("leaderboard", csv.toString());
        d.put("report", html.toString());
        return new JobSummary("backtest-sweep", runId, bars.size(), rows.size(), 0, d);
    }

    /** Every symbol with bars of {@code interval} (the default when none is configured). */
    static List<String> symbolsIn(LakeReader lake, String interval) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        lake.scan(
                Table.BARS.path(),
                LakeFilter.all().eq("interval", interval),
                List.of("symbol"),
                r -> out.add(r.getString("symbol")));
        if (out.isEmpty()) {
            throw new UserError(
                    "silver/bars has no "
                            + interval
                            + " bars: set algotrader.backtest.interval or ingest that interval");
        }
        return new ArrayList<>(out);
    }

    /**
     * The complete bars of the configured interval and symbols in the period, by time (the
     * backtester cuts the period); none: every bar of the interval, for the backtester to say what
     * the data covers.
     */
    static List<Bar> bars(LakeReader lake, BacktestConfig cfg) {
        List<Bar> out =
                lake.completeBars(
                        cfg.interval(),
                        cfg.symbols(),
                        cfg.from() == null ? null : cfg.from().toEpochMilli(),
                        cfg.to() == null ? null : cfg.to().toEpochMilli());
        if (out.isEmpty()) {
            lake.scan(
                    Table.BARS.path(),
                    LakeFilter.all().eq("interval", cfg.interval()),
                    dev.algotrader.schema.BarRow.COLUMNS,
                    r -> out.add(dev.algotrader.schema.BarRow.read(r)));
        }
        out.sort(java.util.Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        return out;
    }
}
