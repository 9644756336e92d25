package dev.algotrader.stream.model;

import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.TraderEvents;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry alias {@code champion}. Runs with parallelism 1 in the bar stream right
 * after the source: bars pass through unchanged, and at most every {@code pollMillis} of processing
 * time (and always before the first bar) it asks the {@link ChampionSource} which version is
 * champion. A new version is loaded and checked by the {@link ModelGate}; if it passes, a {@link
 * Directive} goes to {@link #DIRECTIVES} (broadcast to every trading operator), else the version is
 * refused and the current one kept. Both outcomes are events in {@code events.jsonl} ({@code
 * model.accepted}, {@code model.refused}). Because the poll rides on the bar stream, a bounded
 * replay still finishes.
 */
public final class ChampionWatcher extends ProcessFunction<Bar, Bar> {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionWatcher.class);

    /** Side output with the accepted champion versions. */
    public static final OutputTag<Directive> DIRECTIVES =
            new OutputTag<>("champion-directives", TypeInformation.of(Directive.class));

    private final ChampionSource source;
    private final FeatureSetSpec featureSet;
    private final long pollMillis;
    private final int smokeRows;
    private final String eventsFile;
    private final String runId;
    private final ModelRef initial;

    private transient long lastPollNanos;
    private transient boolean polled;
    private transient String current;
    private transient String lastRefused;
    private transient long seq;
    private transient TraderEvents events;
    private transient boolean unavailable;

    public ChampionWatcher(
            ChampionSource source,
            FeatureSetSpec featureSet,
            long pollMillis,
            int smokeRows,
            Path eventsFile,
            String runId,
            ModelRef initial) {
        this.source = source;
        this.featureSet = featureSet;
        this.pollMillis = pollMillis;
        this.smokeRows = smokeRows;
        this.eventsFile = eventsFile.toString();
        this.runId = runId;
        this.initial = initial;
    }

    @Override
    public void open(OpenContext ctx) {
        events = new TraderEvents(Path.of(eventsFile));
        current = initial == null ? null : initial.name() + "@" + initial.version();
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<Bar> out) {
        long now = System.nanoTime();
        if (!polled || now - lastPollNanos >= pollMillis * 1_000_000L) {
            polled = true;
            lastPollNanos = now;
            poll(ctx);
        }
        out.collect(bar);
    }

    private void poll(Context ctx) {
        ModelRef ref;
        try {
            ref = source.champion().orElse(null);
        } catch (Exception e) {
            String problem = Secrets.process().redact(String.valueOf(e.getMessage()));
            LOG.warn("cannot read the champion alias, keeping {}: {}", current, problem);
            if (!unavailable) {
                // one event per outage, not one per poll
                unavailable = true;
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("error", problem);
                d.put("keeping", current == null ? "none" : current);
                events.append("model.unavailable", runId, d);
            }
            return;
        }
        if (unavailable) {
            unavailable = false;
            events.append(
                    "model.available",
                    runId,
                    Map.of("current", current == null ? "none" : current));
        }
        if (ref == null) return;
        String key = ref.name() + "@" + ref.version();
        if (key.equals(current) || key.equals(lastRefused)) return;
        String reason;
        try {
            Scorer scorer = source.load(ref);
            ModelGate.Verdict v = ModelGate.check(scorer, featureSet, smokeRows);
            reason = v.accepted() ? null : v.reason();
        } catch (Exception | LinkageError e) {
            reason = "cannot load: " + e;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", ref.name());
        d.put("version", ref.version());
        d.put("previous", current == null ? "none" : current);
        if (reason == null) {
            d.put("feature_set", featureSet.id());
            events.append("model.accepted", runId, d);
            LOG.info("champion {} accepted (was {})", ref.label(), current);
            current = key;
            ctx.output(DIRECTIVES, new Directive(++seq, ref));
        } else {
            d.put("reason", reason);
            events.append("model.refused", runId, d);
            LOG.warn("champion {} refused, keeping {}: {}", ref.label(), current, reason);
            lastRefused = key;
        }
    }
}
