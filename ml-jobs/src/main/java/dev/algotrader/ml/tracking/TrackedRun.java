package dev.algotrader.ml.tracking;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run that is never left RUNNING: {@link #finish()} marks it FINISHED; closing it without
 * finishing (an exception escaped) marks it FAILED, best effort, keeping the original error.
 *
 * <pre>{@code
 * try (TrackedRun run = TrackedRun.start(store, experiment, "gbt", tags)) {
 *     run.store().logMetrics(run.id(), metrics, 0);
 *     run.finish();
 * }
 * }</pre>
 */
public final class TrackedRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedRun.class);

    private final TrackingStore store;
    private final String experimentId;
    private final String id;
    private boolean ended;

    private TrackedRun(TrackingStore store, String experimentId, String id) {
        this.store = store;
        this.experimentId = experimentId;
        this.id = id;
    }

    /** Gets or creates {@code experimentName} and starts a RUNNING run in it. */
    public static TrackedRun start(
            TrackingStore store, String experimentName, String runName, Map<String, String> tags) {
        String exp = store.experiment(experimentName);
        return new TrackedRun(store, exp, store.startRun(exp, runName, tags));
    }

    public String id() {
        return id;
    }

    public String experimentId() {
        return experimentId;
    }

    public TrackingStore store() {
        return store;
    }

    /** Marks the run FINISHED. */
    public void finish() {
        store.endRun(id, TrackingStore.RunStatus.FINISHED);
        ended = true;
    }

    /** Marks the run FAILED (idempotent with close). */
    public void fail() {
        if (ended) return;
        ended = true;
        try {
            store.endRun(id, TrackingStore.RunStatus.FAILED);
        } catch (RuntimeException e) {
            LOG.warn("could not mark run {} FAILED: {}", id, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!ended) fail();
    }
}
