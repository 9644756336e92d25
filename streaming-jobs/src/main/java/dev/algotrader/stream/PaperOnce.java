package dev.algotrader.stream;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.TraderRunner.Options;
import dev.algotrader.stream.TraderRunner.TraderError;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.bars.ReplayPacer;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.control.TraderJobName;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code paper-once}: the bars new since each symbol's cursor through the trader on the embedded
 * MiniCluster, outputs to files, then the cursors move on (only after the outputs are final).
 */
final class PaperOnce {

    private PaperOnce() {}

    static JobSummary paperOnceLocked(AppConfig cfg, Options o) throws Exception {
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
        BrokerFactory broker = TraderConnections.brokerFactory(cfg, o);
        TraderSettings s =
                TraderRunner.settings(cfg, !broker.isPaper()).withTradeFrom(o.tradeFromMs());
        TraderEvents events = new TraderEvents(cfg.eventsFile());
        Path out = cfg.path("algotrader.trader.out-dir");
        List<String> recovered =
                TraderRunFiles.recoverInterrupted(out, stateDir, s.runId(), events);
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
            d.put("cursors", TraderRunFiles.cursorText(cursors));
            events.append("trader.paper_once.nothing_new", s.runId(), d);
            return new JobSummary(
                    "paper-once",
                    s.runId(),
                    0,
                    0,
                    read.rejectedLines().size(),
                    Map.of("note", "no new bars since " + TraderRunFiles.cursorText(cursors)));
        }
        TraderStartChecks.reconcile(cfg, broker, s, states, events);
        String[] unavailable = new String[1];
        s =
                s.withInitialChampion(
                        TraderStartChecks.initialChampion(cfg, o, s, events, states, unavailable));
        s = TraderStrategy.apply(cfg, o.strategy(), s, !broker.isPaper(), events);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(t.getInt("parallelism"));
        env.enableCheckpointing(t.getDuration("checkpoint-interval").toMillis());
        DataStream<Bar> bars = env.fromData(fresh).name("bars-replay").uid("bars-replay");
        double speed = t.getDouble("replay-speed");
        if (speed > 0) bars = ReplayPacer.pace(bars, speed);

        String stamp = TraderRunFiles.stamp();
        TraderJob.build(env, bars, s, TraderConnections.championSource(cfg, o), broker)
                .sinkTo(TraderRunFiles.fileSinks(out, stamp, stateDir, false, true));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("mode", "paper-once");
        start.put("bars", fresh.size());
        start.put("broker", o.broker() != null ? o.broker() : t.getString("broker.type"));
        start.put("from_cursor", TraderRunFiles.cursorText(cursors));
        events.append("trader.run.start", s.runId(), start);
        RunRecord record =
                TraderStartChecks.startRecord(stateDir, s, "paper-once", start.get("broker"));
        try {
            env.execute(TraderJobName.of("paper-once", s.runId()));
        } catch (Exception e) {
            record.end(false, e.toString(), null, Instant.now());
            throw e;
        }
        // the outputs are final (renamed on close): only now may the cursors move on
        SymbolState.promote(stateDir);
        Map<String, Long> counts = TraderRunFiles.countOutputs(out, stamp);
        record.end(true, null, TraderRunFiles.withBars(counts, fresh.size()), Instant.now());
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
}
