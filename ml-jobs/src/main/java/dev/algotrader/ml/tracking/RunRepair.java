package dev.algotrader.ml.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds runs left RUNNING by a process that crashed (killed, out of memory, power loss) and marks
 * them FAILED with an end time. A run started on this host is orphaned when the process named by
 * its {@link RunProvenance} tags is gone (or the pid now belongs to a process started at another
 * time); a run of another host, or one without those tags, when it started more than {@code
 * orphanAfter} ago (its process cannot be checked from here). Run ends remembered while the server
 * was gone ({@link PendingRunEnds}) are closed first.
 */
public final class RunRepair {

    /** Tag written on a repaired run: why it was taken for an orphan. */
    public static final String REPAIR_TAG = "algotrader.repair";

    /** A run found orphaned, and why. */
    public record Orphan(String runId, String runName, String experimentId, String reason) {}

    /** What a repair found and did. */
    public record Result(
            int pendingClosed, List<Orphan> orphans, int stillRunning, boolean dryRun) {}

    private final Clock clock;
    private final Duration orphanAfter;
    private final String host;
    private final long ownPid;

    public RunRepair(Clock clock, Duration orphanAfter) {
        this(clock, orphanAfter, RunProvenance.host(), ProcessHandle.current().pid());
    }

    RunRepair(Clock clock, Duration orphanAfter, String host, long ownPid) {
        this.clock = clock;
        this.orphanAfter = orphanAfter;
        this.host = host;
        this.ownPid = ownPid;
    }

    /** Repairs {@code store}; with {@code dryRun} only reports. */
    public Result repair(TrackingStore store, boolean dryRun) {
        MlflowRestStore rest = Tracking.restStore(store);
        int closed = dryRun || rest == null ? 0 : rest.closePendingRunEnds();
        List<Orphan> orphans = new ArrayList<>();
        int running = 0;
        long now = clock.millis();
        for (TrackingStore.RunInfo r : store.runningRuns()) {
            Optional<String> why = orphanReason(r, now);
            if (why.isEmpty()) {
                running++;
                continue;
            }
            orphans.add(new Orphan(r.runId(), r.runName(), r.experimentId(), why.get()));
            if (!dryRun) {
                store.setTags(r.runId(), Map.of(REPAIR_TAG, why.get()));
                store.endRun(r.runId(), TrackingStore.RunStatus.FAILED, now);
            }
        }
        return new Result(closed, orphans, running, dryRun);
    }

    /** Why {@code r} is taken for an orphan at {@code now}, or empty when it may still run. */
    Optional<String> orphanReason(TrackingStore.RunInfo r, long now) {
        String runHost = r.tags().get(RunProvenance.HOST);
        Long pid = parse(r.tags().get(RunProvenance.PID));
        if (host.equals(runHost) && pid != null) {
            if (pid == ownPid) return Optional.empty();
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return Optional.of("process " + pid + " on " + runHost + " is gone");
            }
            Long started = parse(r.tags().get(RunProvenance.PROCESS_START));
            Optional<Long> actual = RunProvenance.processStart(p.get());
            if (started != null && actual.isPresent() && Math.abs(actual.get() - started) > 1000) {
                return Optional.of(
                        "process " + pid + " on " + runHost + " is gone (the pid was reused)");
            }
            return Optional.empty();
        }
        long age = now - r.startTime();
        if (r.startTime() > 0 && age > orphanAfter.toMillis()) {
            return Optional.of(
                    "started "
                            + Duration.ofMillis(age).toMinutes()
                            + " min ago on "
                            + (runHost == null ? "an unknown host" : runHost)
                            + ", older than orphan-after ("
                            + orphanAfter
                            + ")");
        }
        return Optional.empty();
    }

    private static Long parse(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
