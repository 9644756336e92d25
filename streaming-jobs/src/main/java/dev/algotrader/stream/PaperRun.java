package dev.algotrader.stream;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.stream.TraderRunner.Options;
import dev.algotrader.stream.TraderRunner.TraderError;
import dev.algotrader.stream.bars.BarBatch;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.bars.BarPoller;
import dev.algotrader.stream.bars.ReplayPacer;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.TraderJobName;
import dev.algotrader.stream.kafka.KafkaTrader;
import dev.algotrader.stream.kafka.RunOutputCounts;
import dev.algotrader.stream.sink.StateFileSink;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code paper-run}: the continuous trader (bar replay, Alpaca or CoinGecko polling) until the
 * control file says stopped, then a savepoint the next run resumes from; or submitted detached to a
 * cluster.
 */
final class PaperRun {

    private static final Logger LOG = LoggerFactory.getLogger(PaperRun.class);

    private PaperRun() {}

    /**
     * Whether the job reached a terminal state. The embedded per-job MiniCluster shuts down as soon
     * as its job ends (a replay whose bars are done), after which it answers no status query.
     */
    static boolean ended(JobClient job) throws Exception {
        try {
            return job.getJobStatus().get().isTerminalState();
        } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
            if (job.getJobExecutionResult().isDone()) return true;
            throw e;
        }
    }

    static JobSummary paperRunLocked(AppConfig cfg, Options o) throws Exception {
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
        BrokerFactory broker = TraderConnections.brokerFactory(cfg, o);
        TraderSettings s =
                TraderRunner.settings(cfg, !broker.isPaper()).withTradeFrom(o.tradeFromMs());
        Map<String, SymbolState> states = SymbolState.readAll(stateDir);
        TraderEvents events = new TraderEvents(cfg.eventsFile());
        Path savepointFile = stateDir.resolve("savepoint.txt");
        Configuration conf = new Configuration();
        Path cursorFile = stateDir.resolve(TraderRunner.SAVEPOINT_CURSORS);
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
                    TraderRunFiles.lastBarPerSymbol(
                            cfg.path("algotrader.trader.out-dir"),
                            "",
                            BarInterval.parse(s.interval()).millis());
        } else if (!detached && Files.isRegularFile(savepointFile)) {
            resumeFrom = Files.readString(savepointFile).trim();
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, resumeFrom);
            // the bar source and pacer start afresh after the savepoint's last bar per symbol
            // (their uids change per run, so their old positions are not restored)
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            sourceCursors = TraderRunFiles.readCursors(cursorFile);
        } else {
            s = s.withResume(states);
            sourceCursors = SymbolState.cursors(states);
        }
        String stamp = TraderRunFiles.stamp();
        if (!detached)
            TraderRunFiles.recoverInterrupted(
                    cfg.path("algotrader.trader.out-dir"), stateDir, s.runId(), events);
        TraderStartChecks.reconcile(cfg, broker, s, states, events);
        String[] unavailable = new String[1];
        s =
                s.withInitialChampion(
                        TraderStartChecks.initialChampion(cfg, o, s, events, states, unavailable));
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
        KafkaTrader.Bars kafkaBars = null;
        KafkaSettings kafka = null;
        if ("kafka".equals(o.source())) {
            // bars.<interval> from the group's committed offsets (or the savepoint's: the source
            // uid is stable across runs); event time and watermarks per partition at the source
            kafka = KafkaSettings.from(cfg);
            kafkaBars = KafkaTrader.bars(env, kafka, s);
            bars = kafkaBars.bars();
        } else if (!"replay".equals(o.source())) {
            long interval = BarInterval.parse(s.interval()).millis();
            s = s.withLiveFeed();
            String area = o.source(); // alpaca | coingecko: their poll settings
            BarPoller poller =
                    new BarPoller(
                            TraderConnections.barFeed(cfg, o.source(), s),
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
        TraderJob.Outputs outputs =
                TraderJob.build(
                        env,
                        bars,
                        s,
                        TraderConnections.championSource(cfg, o),
                        broker,
                        kafkaBars != null);
        if (kafkaBars != null) {
            KafkaTrader.sinkTo(
                    outputs,
                    kafkaBars,
                    kafka,
                    s.runId(),
                    s.interval(),
                    new StateFileSink(stateDir, !detached));
        } else {
            outputs.sinkTo(TraderRunFiles.fileSinks(out, stamp, stateDir, true, !detached));
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("mode", "paper-run");
        start.put("source", o.source());
        start.put("resumed_from", resumeFrom == null ? "none" : resumeFrom);
        events.append("trader.run.start", s.runId(), start);
        // the Kafka path writes no part files: its summary counts this run's records on the topics
        RunOutputCounts kafkaCounts =
                kafka != null && !detached ? RunOutputCounts.mark(kafka) : null;
        JobClient job = env.executeAsync(TraderJobName.of("paper-run", s.runId()));
        RunRecord record =
                detached
                        ? null
                        : TraderStartChecks.startRecord(
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
                    TraderRunFiles.lastBarPerSymbol(
                                    out, stamp, BarInterval.parse(s.interval()).millis())
                            .forEach((k, v) -> last.merge(k, v, Math::max));
                    TraderRunFiles.writeCursors(cursorFile, last);
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
        Map<String, Long> counts =
                kafkaCounts != null
                        ? kafkaCounts.count(kafka, s.runId())
                        : TraderRunFiles.countOutputs(out, stamp);
        Map<String, Object> end = new LinkedHashMap<>(counts);
        end.put("savepoint", savepoint == null ? "none" : savepoint);
        events.append("trader.run.end", s.runId(), end);
        record.end(true, null, end, Instant.now());
        Map<String, Object> details = new LinkedHashMap<>();
        // where the rows are: part files merged by the CLI, or the trader.* topics (trading-sink)
        details.put("out", kafkaCounts != null ? "Kafka topics trader.*" : out.toString());
        if (kafkaCounts != null) {
            details.put("fills", counts.get("fills"));
            details.put("trading_tables", "written by 'algo-trader trading-sink'");
        }
        if (unavailable[0] != null) details.put("model_unavailable", unavailable[0]);
        return new JobSummary(
                "paper-run",
                s.runId(),
                counts.getOrDefault("positions", 0L),
                counts.getOrDefault("orders", 0L),
                counts.getOrDefault("rejected_bars", 0L),
                details);
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
}
