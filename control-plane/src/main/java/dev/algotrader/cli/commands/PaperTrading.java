package dev.algotrader.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.control.TraderLock;
import dev.algotrader.stream.sink.TraderOutputs;
import dev.algotrader.stream.trade.SymbolState;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The control plane's side of the trader's file hand-off: export the new {@code silver/bars} rows
 * as JSONL, run the Flink trader, then MERGE its JSONL outputs into {@code trading/*} and delete
 * the merged files.
 */
final class PaperTrading {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PaperTrading() {}

    /** The JSONL file the bars go to ({@code trader.bars}: a .jsonl file or a folder). */
    static Path inboxFile(AppConfig app) {
        Path p = app.path("algotrader.trader.bars");
        String n = p.getFileName().toString();
        return n.endsWith(".jsonl") ? p : p.resolve("silver_bars.jsonl");
    }

    /**
     * Writes the complete bars after each traded symbol's cursor, by time, read through Delta
     * Kernel (no Spark); returns how many.
     */
    static long exportBars(CliContext ctx, LakeReader lake, Path file) throws IOException {
        AppConfig app = ctx.config();
        if (!lake.exists(Table.BARS)) {
            throw new UserError(
                    "no silver/bars below "
                            + lake.root()
                            + ": run 'algo-trader ingest' first (or 'algo-trader demo')");
        }
        var t = app.area("trader");
        List<String> symbols = t.getStringList("symbols");
        Map<String, Long> cursors =
                SymbolState.cursors(SymbolState.readAll(app.path("algotrader.trader.state-dir")));
        long oldest = Long.MAX_VALUE;
        for (String s : symbols) oldest = Math.min(oldest, cursors.getOrDefault(s, Long.MIN_VALUE));
        Long from = oldest == Long.MIN_VALUE || oldest == Long.MAX_VALUE ? null : oldest + 1;
        // a bar whose minute was still open when its trade file ended is not exported
        List<Bar> bars =
                lake.completeBars(t.getString("interval"), symbols, from, null).stream()
                        .filter(b -> b.ts() > cursors.getOrDefault(b.symbol(), Long.MIN_VALUE))
                        .sorted(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol))
                        .toList();
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Bar b : bars) {
                w.write(JSON.writeValueAsString(BarRow.values(b)));
                w.write('\n');
            }
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return bars.size();
    }

    /**
     * MERGEs the trader's outputs into trading/* and deletes the merged files. Part files a killed
     * trader left {@code .inprogress} are recovered first (complete lines merged, a torn last line
     * set aside and reported; the rerun re-derives its record).
     */
    static Map<String, Long> mergeOutputs(CliContext ctx, DeltaStore store) throws IOException {
        Path out = ctx.config().path("algotrader.trader.out-dir");
        for (TraderOutputs.Recovered r : TraderOutputs.recover(out, null)) {
            ctx.err().println("warning: " + r.describe());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", String.valueOf(r.file()));
            d.put("complete_lines", r.lines());
            d.put("torn_bytes", r.tornBytes());
            ctx.events().append("orchestrator", "trader.output.recovered", "-", d);
        }
        List<Path> merged = jsonlFiles(out);
        Map<String, Long> counts = TradingTables.mergeTraderOutputs(store, out);
        for (Path p : merged) Files.deleteIfExists(p);
        return counts;
    }

    private static List<Path> jsonlFiles(Path out) throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (Table t : TradingTables.TABLES) {
            Path dir = out.resolve(t.path().substring(t.path().indexOf('/') + 1));
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).forEach(files::add);
            }
        }
        return files;
    }

    /**
     * {@code paper-run --follow}: replays the new silver/bars, then checks silver/bars every {@code
     * pollSeconds} and trades each new batch, until the control file says stopped (or the process
     * is interrupted: between batches nothing is in flight).
     */
    static JobSummary follow(
            CliContext ctx,
            String broker,
            String strategy,
            boolean live,
            int pollSeconds,
            long tradeFrom)
            throws Exception {
        AppConfig app = ctx.config();
        dev.algotrader.stream.control.ControlFile control =
                new dev.algotrader.stream.control.ControlFile(
                        Path.of(app.area("trader").getString("control-file")));
        LakeReader lake = new LakeReader(app.dataRoot());
        long batches = 0, bars = 0, orders = 0, rejected = 0;
        String lastRun = null;
        boolean waiting = false;
        while (!control.read().stopRequested()) {
            if (exportBars(ctx, lake, inboxFile(app)) == 0) {
                if (!waiting) {
                    Progress.step(
                            "wait for new silver/bars (every "
                                    + pollSeconds
                                    + " s) until 'algo-trader trader stop' or Ctrl-C");
                    waiting = true;
                }
                Thread.sleep(pollSeconds * 1000L);
                continue;
            }
            waiting = false;
            JobSummary s = run(ctx, false, broker, strategy, null, live, tradeFrom);
            batches++;
            bars += s.rowsIn();
            orders += s.rowsOut();
            rejected += s.rowsRejected();
            lastRun = s.runId();
        }
        Progress.line(
                "stopped (" + control.path() + "): " + batches + " batch(es) of new bars traded");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("batches", batches);
        d.put("follow", true);
        return new JobSummary(
                "paper-run", lastRun == null ? "-" : lastRun, bars, orders, rejected, d);
    }

    /**
     * Parses {@code --trade-from}: an ISO instant ({@code 2013-11-26T12:00:00Z}), a UTC day ({@code
     * 2013-11-26}) or epoch milliseconds; null or blank: every bar is traded.
     */
    static long tradeFrom(String text) {
        if (text == null || text.isBlank()) return dev.algotrader.stream.TraderSettings.TRADE_ALL;
        String t = text.trim();
        if (t.matches("-?[0-9]+")) return Long.parseLong(t);
        try {
            return dev.algotrader.core.backtest.BacktestConfig.instant(t, "trade-from")
                    .toEpochMilli();
        } catch (RuntimeException e) {
            throw new dev.algotrader.cli.UserError(
                    "--trade-from '"
                            + text
                            + "' is not a time: use 2013-11-26, 2013-11-26T12:00:00Z or epoch ms");
        }
    }

    /**
     * Runs paper-once or paper-run with the hand-off around it; bars opening before {@code
     * tradeFrom} only warm the trader's features.
     */
    static JobSummary run(
            CliContext ctx,
            boolean once,
            String broker,
            String strategy,
            String source,
            boolean live,
            long tradeFrom)
            throws Exception {
        // one embedded trader per run id: the lock covers the export, the run and the merge
        try (TraderLock l = TraderRunner.lock(ctx.config(), once ? "paper-once" : "paper-run")) {
            return runLocked(ctx, once, broker, strategy, source, live, tradeFrom);
        }
    }

    private static JobSummary runLocked(
            CliContext ctx,
            boolean once,
            String broker,
            String strategy,
            String source,
            boolean live,
            long tradeFrom)
            throws Exception {
        AppConfig app = ctx.config();
        Path inbox = inboxFile(app);
        // champions of every model type (tree, lstm, attention, ensemble) through ml-jobs
        TraderRunner.Options o =
                TraderRunner.Options.defaults()
                        .withBars(inbox)
                        .withChampionLoader(
                                new RegistryChampionLoader(
                                        app.location("algotrader.trader.champion.registry"),
                                        app.eventsFile(),
                                        java.time.Duration.ofSeconds(30)));
        if (broker != null) o = o.withBroker(broker);
        if (strategy != null) o = o.withStrategy(strategy);
        if (source != null) o = o.withSource(source);
        o = o.withLive(live).withTradeFrom(tradeFrom);
        // the broker and the live guard first: a refused URL fails before Spark or any socket
        TraderRunner.brokerFactory(app, o);
        Lake lake = Lake.of(app);
        long exported = 0;
        if (source == null || source.equals("replay")) {
            Progress.step("export the new silver/bars rows for the trader");
            exported = exportBars(ctx, lake.reader(), inbox);
            Progress.rows(exported);
            Progress.line("exported " + exported + " new silver/bars rows to " + inbox);
        }
        Progress.step(
                once
                        ? "trade the new bars on the embedded Flink trader"
                        : "trade on the embedded Flink trader until 'algo-trader trader stop'");
        if (exported > 0) Progress.rows(exported);
        JobSummary s = once ? TraderRunner.paperOnce(app, o) : TraderRunner.paperRun(app, o);
        Object unavailable = s.details().get("model_unavailable");
        if (unavailable != null) ctx.err().println("warning: " + unavailable);
        Map<String, Object> d = new LinkedHashMap<>(s.details());
        if ("kafka".equals(source)) {
            // the outputs are on the trader.* topics; trading-sink writes trading/* from them
            Progress.line(
                    "wrote to the Kafka topics trader.*: "
                            + s.rowsOut()
                            + " orders, "
                            + s.rowsIn()
                            + " positions (run_id "
                            + s.runId()
                            + "); 'algo-trader trading-sink' writes them to trading/*");
            d.put("trader_run_id", s.runId());
            return new JobSummary(s.job(), s.runId(), s.rowsIn(), s.rowsOut(), s.rowsRejected(), d);
        }
        Progress.step("merge the trader's outputs into trading/*");
        Map<String, Long> merged = mergeOutputs(ctx, lake.spark());
        Progress.line(
                "merged into "
                        + lake.root().resolve("trading")
                        + ": "
                        + merged
                        + " (run_id "
                        + s.runId()
                        + ")");
        d.put("exported_bars", exported);
        d.put("merged", merged.toString());
        d.put("trader_run_id", s.runId());
        return new JobSummary(s.job(), s.runId(), s.rowsIn(), s.rowsOut(), s.rowsRejected(), d);
    }
}
