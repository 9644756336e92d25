package dev.algotrader.stream;

import com.typesafe.config.Config;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.bars.AlpacaBarsClient;
import dev.algotrader.stream.bars.BarBatch;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.bars.BarPoller;
import dev.algotrader.stream.bars.CoinGeckoBarFeed;
import dev.algotrader.stream.bars.ReplayPacer;
import dev.algotrader.stream.broker.AlpacaSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.broker.Reconciler;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.control.TraderJobName;
import dev.algotrader.stream.control.TraderLock;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ModelGate;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.model.ModelUnavailablePolicy;
import dev.algotrader.stream.model.RegistryChampionSource;
import dev.algotrader.stream.sink.JsonlFileSink;
import dev.algotrader.stream.sink.RecordJson;
import dev.algotrader.stream.sink.StateFileSink;
import dev.algotrader.stream.sink.TraderOutputs;
import dev.algotrader.stream.trade.SymbolState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the trader to real I/O: the bar export or Alpaca polling in, JSONL files and state files
 * out, the broker, the champion registry, reconciliation and the control file. {@code paper-once}
 * processes what is new since the last run and exits; {@code paper-run} runs until the control file
 * says stopped (then takes a savepoint the next run resumes from).
 */
public final class TraderRunner {

    /**
     * Whether the job reached a terminal state. The embedded per-job MiniCluster shuts down as soon
     * as its job ends (a replay whose bars are done), after which it answers no status query.
     */
    private static boolean ended(JobClient job) throws Exception {
        try {
            return job.getJobStatus().get().isTerminalState();
        } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
            if (job.getJobExecutionResult().isDone()) return true;
            throw e;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TraderRunner.class);

    /** The exact text {@code algotrader.trader.broker.live-confirm} must hold for live trading. */
    public static final String LIVE_CONFIRMATION = "I understand that this trades real money";

    /**
     * Next to {@code savepoint.txt}: per symbol, the last bar the savepoint has processed, where
     * the next {@code paper-run}'s bar source starts.
     */
    static final String SAVEPOINT_CURSORS = "savepoint-cursors.json";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Command-line choices that override the configuration, and the caller's {@link ChampionLoader}
     * (null: tree champions from {@code model/portable.json}).
     */
    public record Options(
            Path bars,
            String broker,
            String source,
            boolean live,
            ChampionLoader championLoader,
            String strategy) {
        public static Options defaults() {
            return new Options(null, null, "replay", false, null, null);
        }

        public Options withBars(Path p) {
            return new Options(p, broker, source, live, championLoader, strategy);
        }

        public Options withBroker(String b) {
            return new Options(bars, b, source, live, championLoader, strategy);
        }

        /**
         * The strategy to trade ({@code champion}, or a baseline such as {@code sma-cross}); null:
         * {@code trader.strategy}.
         */
        public Options withStrategy(String name) {
            return new Options(bars, broker, source, live, championLoader, name);
        }

        public Options withSource(String s) {
            if (!s.equals("replay") && !s.equals("alpaca") && !s.equals("coingecko")) {
                throw new TraderError(
                        "--source must be replay, alpaca or coingecko, not '" + s + "'");
            }
            return new Options(bars, broker, s, live, championLoader, strategy);
        }

        /** How champions become scorers (the control plane's loads every model type). */
        public Options withChampionLoader(ChampionLoader loader) {
            return new Options(bars, broker, source, live, loader, strategy);
        }

        public Options withLive(boolean l) {
            return new Options(bars, broker, source, l, championLoader, strategy);
        }
    }

    /** A problem the user can fix; the message says what to do. */
    public static final class TraderError extends RuntimeException {
        public TraderError(String message) {
            super(message);
        }
    }

    private TraderRunner() {}

    /** Binds {@code algotrader.trader.*} (and the kernel from {@code algotrader.backtest.*}). */
    public static TraderSettings settings(AppConfig cfg, boolean externalBroker) {
        // externalBroker: the broker factory now picks the venue (TradingFunction#venue)
        Config t = cfg.area("trader");
        List<String> symbols = t.getStringList("symbols");
        double cash = t.getDouble("initial-cash") / Math.max(1, symbols.size());
        String runId = t.getString("run-id");
        KernelConfig k = kernelTemplate(cfg.raw(), runId, symbols.get(0), cash, externalBroker);
        String interval = t.getString("interval");
        BarInterval.parse(interval);
        return new TraderSettings(
                runId,
                symbols,
                interval,
                FeatureSetSpec.DEFAULT,
                k,
                cash,
                t.getDuration("max-out-of-orderness").toMillis(),
                true,
                cfg.eventsFile().toString(),
                cfg.path("algotrader.trader.control-file").toString(),
                t.getDuration("champion.poll-interval").toMillis(),
                t.getInt("champion.smoke-rows"),
                Map.of(),
                null,
                false,
                t.getInt("broker.amend-retry-bars"));
    }

    /**
     * The kernel template (strategy, sizing, orders, fill, fees, risk) bound from {@code raw}. The
     * broker factory picks the execution (paper: the kernel's simulated venue; external: {@link
     * dev.algotrader.core.venue.broker.BrokerVenue}), so {@code externalBroker} changes nothing
     * here.
     */
    static KernelConfig kernelTemplate(
            Config raw, String runId, String symbol, double cash, boolean externalBroker) {
        return BacktestConfig.from(raw).kernelConfig(runId, symbol, cash);
    }

    /**
     * Takes the run's {@link TraderLock} ({@code <state-dir>/trader.lock}): one embedded trader per
     * run id; a second start is a {@link TraderError} that says how to stop the first.
     */
    public static TraderLock lock(AppConfig cfg, String mode) {
        try {
            return TraderLock.acquire(
                    cfg.path("algotrader.trader.state-dir"),
                    cfg.area("trader").getString("run-id"),
                    mode);
        } catch (TraderLock.AlreadyRunning e) {
            throw new TraderError(e.getMessage());
        }
    }

    /** Processes the bars newer than each symbol's cursor, then exits (under the run's lock). */
    public static JobSummary paperOnce(AppConfig cfg, Options o) throws Exception {
        try (TraderLock l = lock(cfg, "paper-once")) {
            return paperOnceLocked(cfg, o);
        }
    }

    private static JobSummary paperOnceLocked(AppConfig cfg, Options o) throws Exception {
        Config t = cfg.area("trader");
        Path stateDir = cfg.path("algotrader.trader.state-dir");
        ControlFile control = new ControlFile(cfg.path("algotrader.trader.control-file"));
        ControlState cs = control.read();
        if (cs.stopRequested()) {
            throw new TraderError(
                    "the trader is stopped ("
                            + control.path()
                            + "): run 'algo-trader trader"
                            + " start' first");
        }
        BrokerFactory broker = brokerFactory(cfg, o);
        TraderSettings s = settings(cfg, !broker.isPaper());
        TraderEvents events = new TraderEvents(cfg.eventsFile());
        Path out = cfg.path("algotrader.trader.out-dir");
        List<String> recovered = recoverInterrupted(out, stateDir, s.runId(), events);
        Map<String, SymbolState> states = SymbolState.readAll(stateDir);
        s = s.withResume(states);
        Path barsPath = o.bars() != null ? o.bars() : cfg.path("algotrader.trader.bars");
        BarFiles.Read read = BarFiles.read(barsPath);
        Map<String, Long> cursors = SymbolState.cursors(states);
        Set<String> symbols = new HashSet<>(s.symbols());
        List<Bar> fresh = new ArrayList<>();
        for (Bar b : read.bars()) {
            if (symbols.contains(b.symbol())
                    && b.ts() > cursors.getOrDefault(b.symbol(), Long.MIN_VALUE)) {
                fresh.add(b);
            }
        }
        fresh.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
        if (fresh.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("bars_file", barsPath.toString());
            d.put("cursors", cursorText(cursors));
            events.append("trader.paper_once.nothing_new", s.runId(), d);
            return new JobSummary(
                    "paper-once",
                    s.runId(),
                    0,
                    0,
                    read.rejectedLines().size(),
                    Map.of("note", "no new bars since " + cursorText(cursors)));
        }
        reconcile(cfg, broker, s, states, events);
        String[] unavailable = new String[1];
        s = s.withInitialChampion(initialChampion(cfg, o, s, events, states, unavailable));
        s = TraderStrategy.apply(cfg, o.strategy(), s, !broker.isPaper(), events);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(t.getInt("parallelism"));
        env.enableCheckpointing(t.getDuration("checkpoint-interval").toMillis());
        DataStream<Bar> bars = env.fromData(fresh).name("bars-replay").uid("bars-replay");
        double speed = t.getDouble("replay-speed");
        if (speed > 0) bars = ReplayPacer.pace(bars, speed);

        String stamp = stamp();
        TraderJob.build(env, bars, s, championSource(cfg, o), broker)
                .sinkTo(fileSinks(out, stamp, stateDir, false, true));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("mode", "paper-once");
        start.put("bars", fresh.size());
        start.put("broker", o.broker() != null ? o.broker() : t.getString("broker.type"));
        start.put("from_cursor", cursorText(cursors));
        events.append("trader.run.start", s.runId(), start);
        RunRecord record = startRecord(stateDir, s, "paper-once", start.get("broker"));
        try {
            env.execute(TraderJobName.of("paper-once", s.runId()));
        } catch (Exception e) {
            record.end(false, e.toString(), null, Instant.now());
            throw e;
        }
        // the outputs are final (renamed on close): only now may the cursors move on
        SymbolState.promote(stateDir);
        Map<String, Long> counts = countOutputs(out, stamp);
        record.end(true, null, withBars(counts, fresh.size()), Instant.now());
        Map<String, Object> end = new LinkedHashMap<>(counts);
        end.put("bars_in", fresh.size());
        end.put("unreadable_lines", read.rejectedLines().size());
        events.append("trader.run.end", s.runId(), end);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("orders", counts.getOrDefault("orders", 0L));
        details.put("fills", counts.getOrDefault("fills", 0L));
        details.put("out", out.toString());
        if (unavailable[0] != null) details.put("model_unavailable", unavailable[0]);
        if (!recovered.isEmpty()) details.put("recovered", String.join("; ", recovered));
        return new JobSummary(
                "paper-once",
                s.runId(),
                fresh.size(),
                counts.getOrDefault("positions", 0L),
                counts.getOrDefault("rejected_bars", 0L) + read.rejectedLines().size(),
                details);
    }

    /**
     * Trades continuously: Alpaca bar polling ({@code --source alpaca}) or a paced replay of the
     * bar export. Stops when the control file says {@code stopped}, taking a savepoint that the
     * next {@code paper-run} resumes from.
     */
    public static JobSummary paperRun(AppConfig cfg, Options o) throws Exception {
        if (submittedDetached(StreamExecutionEnvironment.getExecutionEnvironment())) {
            // on a cluster the control plane keeps one job per run id (GET /jobs/overview)
            return paperRunLocked(cfg, o);
        }
        try (TraderLock l = lock(cfg, "paper-run")) {
            return paperRunLocked(cfg, o);
        }
    }

    private static JobSummary paperRunLocked(AppConfig cfg, Options o) throws Exception {
        Config t = cfg.area("trader");
        Path stateDir = cfg.path("algotrader.trader.state-dir");
        ControlFile control = new ControlFile(cfg.path("algotrader.trader.control-file"));
        if (control.read().stopRequested()) {
            throw new TraderError(
                    "the trader is stopped ("
                            + control.path()
                            + "): run 'algo-trader trader"
                            + " start' first");
        }
        BrokerFactory broker = brokerFactory(cfg, o);
        TraderSettings s = settings(cfg, !broker.isPaper());
        Map<String, SymbolState> states = SymbolState.readAll(stateDir);
        TraderEvents events = new TraderEvents(cfg.eventsFile());
        Path savepointFile = stateDir.resolve("savepoint.txt");
        Configuration conf = new Configuration();
        Path cursorFile = stateDir.resolve(SAVEPOINT_CURSORS);
        String resumeFrom = null;
        Map<String, Long> sourceCursors;
        // submitted to a cluster (REST /jars/run or `flink run -d`): the orchestrator owns the
        // savepoints (ClusterTrader passes savepointPath and allows the per-run source uids to go
        // unclaimed); the local savepoint file is not read and the bar source starts after the
        // last bar per symbol in the trader's outputs so far
        StreamExecutionEnvironment context = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean detached = submittedDetached(context);
        String clusterSavepoint =
                detached
                        ? context.getConfiguration().get(StateRecoveryOptions.SAVEPOINT_PATH)
                        : null;
        if (clusterSavepoint != null) {
            resumeFrom = clusterSavepoint;
            sourceCursors =
                    lastBarPerSymbol(
                            cfg.path("algotrader.trader.out-dir"),
                            "",
                            BarInterval.parse(s.interval()).millis());
        } else if (!detached && Files.isRegularFile(savepointFile)) {
            resumeFrom = Files.readString(savepointFile).trim();
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, resumeFrom);
            // the bar source and pacer start afresh after the savepoint's last bar per symbol
            // (their uids change per run, so their old positions are not restored)
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            sourceCursors = readCursors(cursorFile);
        } else {
            s = s.withResume(states);
            sourceCursors = SymbolState.cursors(states);
        }
        String stamp = stamp();
        if (!detached)
            recoverInterrupted(cfg.path("algotrader.trader.out-dir"), stateDir, s.runId(), events);
        reconcile(cfg, broker, s, states, events);
        String[] unavailable = new String[1];
        s = s.withInitialChampion(initialChampion(cfg, o, s, events, states, unavailable));
        s = TraderStrategy.apply(cfg, o.strategy(), s, !broker.isPaper(), events);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(t.getInt("parallelism"));
        // continuous trading: decide each bar as soon as it arrives; barriers overtake in-flight
        // bars so a checkpoint or the stop savepoint never waits behind a backlog
        env.setBufferTimeout(0);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.getCheckpointConfig().setCheckpointTimeout(120_000);
        s = s.withLowLatency(true);
        env.enableCheckpointing(t.getDuration("checkpoint-interval").toMillis());
        DataStream<Bar> bars;
        if (!"replay".equals(o.source())) {
            long interval = BarInterval.parse(s.interval()).millis();
            s =
                    new TraderSettings(
                            s.runId(),
                            s.symbols(),
                            s.interval(),
                            s.featureSet(),
                            s.kernel(),
                            s.cashPerSymbol(),
                            s.maxOutOfOrdernessMs(),
                            false,
                            s.eventsFile(),
                            s.controlFile(),
                            s.championPollMs(),
                            s.smokeRows(),
                            s.resume(),
                            s.initialChampion(),
                            true,
                            s.amendRetryBars());
            String area = o.source(); // alpaca | coingecko: their poll settings
            BarPoller poller =
                    new BarPoller(
                            barFeed(cfg, o.source(), s),
                            s.symbols(),
                            sourceCursors,
                            interval,
                            t.getDuration(area + ".lookback").toMillis());
            bars =
                    env.fromSource(
                                    BarPoller.source(
                                            poller,
                                            t.getDuration(area + ".poll-interval").toMillis()
                                                    / 1000.0),
                                    WatermarkStrategy.noWatermarks(),
                                    area + "-bars")
                            .setParallelism(1)
                            .uid(area + "-bars-" + stamp)
                            .flatMap(
                                    (BarBatch batch, org.apache.flink.util.Collector<Bar> c) ->
                                            batch.bars().forEach(c::collect),
                                    TypeInformation.of(Bar.class))
                            .setParallelism(1)
                            .name(area + "-bars-unbatch");
        } else {
            Path barsPath = o.bars() != null ? o.bars() : cfg.path("algotrader.trader.bars");
            List<Bar> all = new ArrayList<>(BarFiles.read(barsPath).bars());
            List<String> traded = s.symbols();
            all.removeIf(
                    b ->
                            !traded.contains(b.symbol())
                                    || b.ts()
                                            <= sourceCursors.getOrDefault(
                                                    b.symbol(), Long.MIN_VALUE));
            all.sort(Comparator.comparingLong(Bar::ts).thenComparing(Bar::symbol));
            if (all.isEmpty()) throw new TraderError("no new bars in " + barsPath);
            bars = env.fromData(all).name("bars-replay").uid("bars-replay-" + stamp);
            double speed = t.getDouble("replay-speed");
            if (speed > 0) bars = ReplayPacer.pace(bars, speed, "replay-pacer-" + stamp);
        }
        Path out = cfg.path("algotrader.trader.out-dir");
        TraderJob.build(env, bars, s, championSource(cfg, o), broker)
                .sinkTo(fileSinks(out, stamp, stateDir, true, !detached));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("mode", "paper-run");
        start.put("source", o.source());
        start.put("resumed_from", resumeFrom == null ? "none" : resumeFrom);
        events.append("trader.run.start", s.runId(), start);
        JobClient job = env.executeAsync(TraderJobName.of("paper-run", s.runId()));
        RunRecord record =
                detached
                        ? null
                        : startRecord(
                                stateDir,
                                s,
                                "paper-run",
                                o.broker() != null ? o.broker() : t.getString("broker.type"));
        if (detached) {
            // the cluster runs the job; stop it with 'algo-trader trader stop --cluster'
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("job_id", job.getJobID().toHexString());
            events.append("trader.run.submitted", s.runId(), d);
            return new JobSummary(
                    "paper-run",
                    s.runId(),
                    0,
                    0,
                    0,
                    Map.of("job_id", job.getJobID().toHexString(), "out", out.toString()));
        }
        String savepoint = null;
        while (!ended(job)) {
            if (control.read().stopRequested()) {
                Path dir = stateDir.resolve("savepoints").toAbsolutePath();
                try {
                    savepoint =
                            job.stopWithSavepoint(
                                            false,
                                            dir.toUri().toString(),
                                            SavepointFormatType.CANONICAL)
                                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
                    Files.createDirectories(stateDir);
                    Map<String, Long> last = new HashMap<>(sourceCursors);
                    lastBarPerSymbol(out, stamp, BarInterval.parse(s.interval()).millis())
                            .forEach((k, v) -> last.merge(k, v, Math::max));
                    writeCursors(cursorFile, last);
                    Files.writeString(savepointFile, savepoint + "\n");
                } catch (Exception e) {
                    // fail safe: stop trading anyway; the next run resumes from the last state
                    LOG.warn("stop-with-savepoint failed, cancelling the job: {}", e.toString());
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("reason", String.valueOf(e.getMessage()));
                    events.append("trader.stop.savepoint_failed", s.runId(), d);
                    job.cancel().get(1, java.util.concurrent.TimeUnit.MINUTES);
                }
                break;
            }
            Thread.sleep(500);
        }
        try {
            job.getJobExecutionResult().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!control.read().stopRequested()) {
                record.end(false, String.valueOf(e.getCause()), null, Instant.now());
                throw e;
            }
        }
        SymbolState.promote(stateDir);
        if (savepoint == null && !control.read().stopRequested()) {
            // the input ended (bounded replay): the state files now hold the newest state
            Files.deleteIfExists(savepointFile);
            Files.deleteIfExists(cursorFile);
        }
        Map<String, Long> counts = countOutputs(out, stamp);
        Map<String, Object> end = new LinkedHashMap<>(counts);
        end.put("savepoint", savepoint == null ? "none" : savepoint);
        events.append("trader.run.end", s.runId(), end);
        record.end(true, null, end, Instant.now());
        return new JobSummary(
                "paper-run",
                s.runId(),
                counts.getOrDefault("positions", 0L),
                counts.getOrDefault("orders", 0L),
                counts.getOrDefault("rejected_bars", 0L),
                unavailable[0] == null
                        ? Map.of("out", out.toString())
                        : Map.of("out", out.toString(), "model_unavailable", unavailable[0]));
    }

    /**
     * True when a Flink client submits this program without waiting for it (the REST API's {@code
     * /jars/:id/run}, {@code flink run -d}): then the program returns right after submission. The
     * embedded MiniCluster of the CLI is a {@link LocalStreamEnvironment} and stays attached.
     */
    static boolean submittedDetached(StreamExecutionEnvironment env) {
        return !(env instanceof LocalStreamEnvironment)
                && !env.getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    /**
     * The market-data service {@code paper-run --source alpaca|coingecko} polls: Alpaca's crypto
     * bars ({@code trader.alpaca.data-url}) or CoinGecko's OHLC candles (client settings from
     * {@code algotrader.coingecko}, coin ids and window from {@code trader.coingecko}).
     */
    public static BarFeed barFeed(AppConfig cfg, String source, TraderSettings s) {
        Config t = cfg.area("trader");
        if (source.equals("alpaca")) {
            return new AlpacaBarsClient(
                    t.getString("alpaca.data-url"), s.interval(), t.getDuration("alpaca.timeout"));
        }
        Config cg = cfg.area("coingecko");
        Map<String, String> ids = new HashMap<>();
        t.getObject("coingecko.coin-ids")
                .forEach((sym, v) -> ids.put(sym, String.valueOf(v.unwrapped())));
        try {
            CoinGeckoBarFeed feed =
                    new CoinGeckoBarFeed(
                            cg.getString("base-url"),
                            cg.getString("plan"),
                            cg.getInt("requests-per-minute"),
                            cg.getInt("max-retries"),
                            cg.getDuration("initial-backoff"),
                            ids,
                            t.getString("coingecko.days"),
                            s.interval());
            for (String sym : s.symbols()) feed.coinId(sym);
            return feed;
        } catch (IllegalArgumentException e) {
            throw new TraderError(e.getMessage());
        }
    }

    /** The broker the configuration and options ask for, with the live-trading guard. */
    public static BrokerFactory brokerFactory(AppConfig cfg, Options o) {
        Config t = cfg.area("trader");
        String type = o.broker() != null ? o.broker() : t.getString("broker.type");
        if (o.live() && !"alpaca".equals(type)) {
            throw new TraderError("--live needs the Alpaca broker: add --broker alpaca");
        }
        switch (type) {
            case "paper":
                return BrokerFactory.paper(t.getDouble("initial-cash"));
            case "alpaca":
                boolean live = o.live();
                if (live && !LIVE_CONFIRMATION.equals(t.getString("broker.live-confirm"))) {
                    throw new TraderError(
                            "live trading refused: set algotrader.trader.broker.live-confirm = \""
                                    + LIVE_CONFIRMATION
                                    + "\" in conf/live.conf and run with --env live --live");
                }
                if (live && !"live".equals(cfg.environment())) {
                    throw new TraderError(
                            "live trading refused: use --env live together with --live");
                }
                AlpacaSettings a;
                try {
                    a =
                            new AlpacaSettings(
                                    live
                                            ? t.getString("alpaca.live-url")
                                            : t.getString("alpaca.paper-url"),
                                    live,
                                    "APCA_API_KEY_ID",
                                    "APCA_API_SECRET_KEY",
                                    t.getString("alpaca.time-in-force"),
                                    t.getInt("alpaca.max-retries"),
                                    t.getDuration("alpaca.initial-backoff"),
                                    t.getDuration("alpaca.max-backoff"),
                                    t.getDuration("alpaca.timeout"));
                } catch (IllegalArgumentException e) {
                    throw new TraderError(e.getMessage());
                }
                if (System.getenv("APCA_API_KEY_ID") == null
                        || System.getenv("APCA_API_SECRET_KEY") == null) {
                    throw new TraderError(
                            "broker alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY in the"
                                    + " environment (paper keys: https://app.alpaca.markets)");
                }
                return BrokerFactory.alpaca(a);
            default:
                throw new TraderError(
                        "unknown broker '" + type + "': use paper or alpaca (trader.broker.type)");
        }
    }

    /**
     * Start-up reconciliation against the broker: positions and open orders must match the trader's
     * persisted book, else the run is refused (fail closed) and an event says why.
     */
    public static void reconcile(
            AppConfig cfg,
            BrokerFactory factory,
            TraderSettings s,
            Map<String, SymbolState> states,
            TraderEvents events) {
        if (factory.isPaper()) return; // the paper book is the persisted state itself
        Map<String, Double> expected = new HashMap<>();
        Set<String> known = new HashSet<>();
        states.forEach(
                (sym, st) -> {
                    expected.put(sym, st.kernel().portfolio().quantity());
                    known.addAll(st.openClientOrderIds());
                });
        double tol = cfg.area("trader").getDouble("broker.reconcile-tolerance");
        Reconciler.Result r;
        try (Broker b = factory.create()) {
            r =
                    Reconciler.check(
                            expected,
                            known,
                            new HashSet<>(s.symbols()),
                            b.positions(),
                            b.openOrders(),
                            tol,
                            CrashAdoption.of(cfg, s, states, b));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbols", String.join(",", s.symbols()));
        d.put("differences", String.join("; ", r.differences()));
        if (!r.adopted().isEmpty()) {
            d.put("adopted", String.join(",", r.adopted()));
            LOG.info("adopting {} open order(s) of an interrupted run", r.adopted().size());
        }
        events.append(r.ok() ? "trader.reconcile.ok" : "trader.reconcile.failed", s.runId(), d);
        if (!r.ok()) {
            throw new TraderError(
                    "broker and trader disagree, not trading: "
                            + String.join("; ", r.differences())
                            + " (fix the account or the state in "
                            + cfg.path("algotrader.trader.state-dir")
                            + ")");
        }
    }

    /** The champion registry named by {@code trader.champion.registry} (tree champions). */
    public static ChampionSource championSource(AppConfig cfg) {
        return championSource(cfg, Options.defaults());
    }

    /**
     * The champion registry named by {@code trader.champion.registry}, loading versions with the
     * options' {@link ChampionLoader} when one is given.
     */
    public static ChampionSource championSource(AppConfig cfg, Options o) {
        Config c = cfg.area("trader").getConfig("champion");
        String registry = cfg.location("algotrader.trader.champion.registry");
        if (registry.isBlank()) return ChampionSource.none();
        return new RegistryChampionSource(
                registry, c.getString("model-name"), c.getString("alias"), o.championLoader());
    }

    /**
     * The champion at start, gated; when the registry cannot be read, the {@link
     * ModelUnavailablePolicy} decides (a {@code model.unavailable} event either way) and {@code
     * unavailable[0]} gets the line for the console.
     */
    private static ModelRef initialChampion(
            AppConfig cfg,
            Options o,
            TraderSettings s,
            TraderEvents events,
            Map<String, SymbolState> states,
            String[] unavailable) {
        ChampionSource src = championSource(cfg, o);
        Optional<ModelRef> ref;
        try {
            ref = src.champion();
        } catch (Exception e) {
            Config c = cfg.area("trader");
            ModelUnavailablePolicy policy;
            try {
                policy = ModelUnavailablePolicy.parse(c.getString(ModelUnavailablePolicy.KEY));
            } catch (IllegalArgumentException bad) {
                throw new TraderError(bad.getMessage());
            }
            String problem = Secrets.process().redact(String.valueOf(e.getMessage()));
            List<String> lastUsed = new ArrayList<>();
            if (states != null) states.values().forEach(st -> lastUsed.add(st.modelKey()));
            ModelUnavailablePolicy.Decision d = policy.atStart(problem, lastUsed);
            LOG.warn("{}", d.message(), e);
            Map<String, Object> det = new LinkedHashMap<>();
            det.put("registry", c.getString("champion.registry"));
            det.put("model", c.getString("champion.model-name"));
            det.put("alias", c.getString("champion.alias"));
            det.put("error", problem);
            det.put("policy", policy.id());
            det.put("action", d.trade() ? "trade" : "refuse");
            events.append("model.unavailable", s.runId(), det);
            if (!d.trade()) throw new TraderError(d.message());
            unavailable[0] = d.message();
            return null;
        }
        if (ref.isEmpty()) return null;
        String reason;
        try {
            ModelGate.Verdict v =
                    ModelGate.check(src.load(ref.get()), s.featureSet(), s.smokeRows());
            reason = v.accepted() ? null : v.reason();
        } catch (Exception e) {
            reason = "cannot load: " + e;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", ref.get().name());
        d.put("version", ref.get().version());
        d.put("previous", "none");
        if (reason != null) d.put("reason", reason);
        events.append(reason == null ? "model.accepted" : "model.refused", s.runId(), d);
        return reason == null ? ref.get() : null;
    }

    /** {@link RunRecord} of a local run: strategy and the model it starts with. */
    private static RunRecord startRecord(
            Path stateDir, TraderSettings s, String mode, Object broker) {
        ModelRef m = s.initialChampion();
        String strategy = s.kernel().strategyFactory().get().name();
        // only the model strategy trades on the scores; the baselines merely log them
        String model =
                m == null
                        ? "none"
                        : strategy.equals("model") ? m.label() : "none, scores " + m.label();
        return RunRecord.start(
                stateDir, s.runId(), mode, String.valueOf(broker), strategy, model, Instant.now());
    }

    private static Map<String, Object> withBars(Map<String, Long> counts, int bars) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bars", bars);
        m.putAll(counts);
        return m;
    }

    /**
     * Crash recovery before a run: the part files a killed run left {@code .inprogress} become
     * finished files (complete lines kept, a torn last line set aside and reported: event {@code
     * trader.output.recovered}), and the states it wrote but never promoted are dropped, so this
     * run starts from the last finished run's cursors and re-derives everything after them.
     */
    static List<String> recoverInterrupted(
            Path out, Path stateDir, String runId, TraderEvents events) {
        List<String> lines = new ArrayList<>();
        for (TraderOutputs.Recovered r : TraderOutputs.recover(out, null)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", String.valueOf(r.file()));
            d.put("complete_lines", r.lines());
            d.put("torn_bytes", r.tornBytes());
            if (r.tornFile() != null) d.put("torn_file", r.tornFile().toString());
            events.append("trader.output.recovered", runId, d);
            LOG.warn("{}", r.describe());
            lines.add(r.describe());
        }
        int dropped = SymbolState.discardPending(stateDir);
        if (dropped > 0) {
            LOG.warn("dropped {} unfinished state file(s) of an interrupted run", dropped);
        }
        return lines;
    }

    /** The file hand-off sinks below {@code out}: {@code <table>/part-<stamp>-<subtask>.jsonl}. */
    public static TraderJob.Sinks fileSinks(Path out, String stamp, Path stateDir) {
        return fileSinks(out, stamp, stateDir, false, false);
    }

    /**
     * As above; {@code flushEach}: rows visible at once (continuous runs); {@code pendingState}:
     * the end-of-input states are written as {@code .pending} for the runner to promote after the
     * job ({@link SymbolState#promote}).
     */
    public static TraderJob.Sinks fileSinks(
            Path out, String stamp, Path stateDir, boolean flushEach, boolean pendingState) {
        String part = "part-" + stamp;
        return new TraderJob.Sinks(
                new JsonlFileSink<>(out.resolve("orders"), part, RecordJson::order, flushEach),
                new JsonlFileSink<>(out.resolve("fills"), part, RecordJson::fill, flushEach),
                new JsonlFileSink<>(
                        out.resolve("positions"), part, RecordJson::position, flushEach),
                new JsonlFileSink<>(out.resolve("equity"), part, RecordJson::equity, flushEach),
                new JsonlFileSink<>(out.resolve("signals"), part, RecordJson::signal, flushEach),
                new JsonlFileSink<>(
                        out.resolve("rejected_bars"), part, RecordJson::rejection, flushEach),
                new StateFileSink(stateDir, pendingState));
    }

    private static Map<String, Long> countOutputs(Path out, String stamp) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table :
                List.of("orders", "fills", "positions", "equity", "signals", "rejected_bars")) {
            long n = 0;
            Path dir = out.resolve(table);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f :
                            files.filter(
                                            p ->
                                                    p.getFileName()
                                                            .toString()
                                                            .startsWith("part-" + stamp))
                                    .toList()) {
                        try (Stream<String> lines = Files.lines(f)) {
                            n += lines.count();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            counts.put(table, n);
        }
        return counts;
    }

    /**
     * Per symbol, the open time of the newest bar in this run's {@code positions} rows (one row per
     * bar, stamped with the bar's close time, hence minus the interval).
     */
    static Map<String, Long> lastBarPerSymbol(Path out, String stamp, long intervalMillis)
            throws IOException {
        Map<String, Long> last = new HashMap<>();
        Path dir = out.resolve("positions");
        if (!Files.isDirectory(dir)) return last;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("part-" + stamp))
                            .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) continue;
                    com.fasterxml.jackson.databind.JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException torn) {
                        continue; // the torn last line of a killed writer
                    }
                    last.merge(
                            n.path("symbol").asText(),
                            n.path("ts").asLong() - intervalMillis,
                            Math::max);
                }
            }
        }
        return last;
    }

    static Map<String, Long> readCursors(Path file) throws IOException {
        Map<String, Long> m = new HashMap<>();
        if (!Files.isRegularFile(file)) return m;
        JSON.readTree(file.toFile())
                .fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private static void writeCursors(Path file, Map<String, Long> cursors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(new java.util.TreeMap<>(cursors)) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String stamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }

    private static String cursorText(Map<String, Long> cursors) {
        if (cursors.isEmpty()) return "the beginning";
        StringBuilder b = new StringBuilder();
        cursors.forEach(
                (s, ts) ->
                        b.append(b.length() == 0 ? "" : ", ")
                                .append(s)
                                .append(" ")
                                .append(Instant.ofEpochMilli(ts)));
        return b.toString();
    }
}
