package dev.algotrader.cli.flink;

import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.core.audit.EventLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trader's lifecycle on a Flink session cluster: start (upload + run, from the last savepoint
 * unless fresh), stop (stop-with-savepoint, recorded), restart (stop if running, then start from
 * that savepoint), status. Every transition is written to the audit log.
 */
public final class ClusterTrader {

    /** What to deploy and where savepoints go. */
    public record Spec(
            Path jar,
            String entryClass,
            List<String> programArgs,
            int parallelism,
            String savepointDir,
            Duration savepointTimeout) {}

    private final FlinkRestClient flink;
    private final Spec spec;
    private final Path stateFile;
    private final EventLog events;
    private final Clock clock;
    private final RestClient.Sleeper sleeper;
    private final Consumer<String> say;

    public ClusterTrader(
            FlinkRestClient flink,
            Spec spec,
            Path stateFile,
            EventLog events,
            Clock clock,
            RestClient.Sleeper sleeper,
            Consumer<String> say) {
        this.flink = flink;
        this.spec = spec;
        this.stateFile = stateFile;
        this.events = events;
        this.clock = clock;
        this.sleeper = sleeper;
        this.say = say;
    }

    public ClusterDeployment deployment() {
        return ClusterDeployment.read(stateFile);
    }

    /** True when the recorded job is RUNNING (or about to be) on this cluster. */
    public boolean running(ClusterDeployment d) {
        if (d.jobId() == null || !flink.base().equals(d.restUrl())) return false;
        String state = flink.job(d.jobId()).state();
        return state.equals("RUNNING")
                || state.equals("CREATED")
                || state.equals("INITIALIZING")
                || state.equals("RESTARTING");
    }

    /** Uploads the jar and runs it, from {@code savepoint} (null = fresh). */
    public ClusterDeployment start(boolean fresh) {
        ClusterDeployment d = deployment();
        if (running(d)) {
            throw new UserError(
                    "the trader already runs on "
                            + flink.base()
                            + " as job "
                            + d.jobId()
                            + ": use 'algo-trader trader restart --cluster' to redeploy it");
        }
        return deploy(d, fresh);
    }

    private ClusterDeployment deploy(ClusterDeployment d, boolean fresh) {
        String savepoint = fresh ? null : d.lastSavepoint();
        String jarId = flink.uploadJar(spec.jar());
        String jobId =
                flink.runJar(
                        jarId,
                        spec.entryClass(),
                        spec.programArgs(),
                        spec.parallelism(),
                        savepoint,
                        // the trader's bar source has a new uid per run (it restarts after the
                        // last traded bar instead); its old position is left unclaimed
                        true);
        ClusterDeployment next =
                new ClusterDeployment(
                        flink.base(), jarId, jobId, savepoint, clock.instant().toString(), null);
        next.write(stateFile);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", flink.base());
        details.put("job_id", jobId);
        details.put("jar", spec.jar().getFileName().toString());
        details.put("from_savepoint", savepoint == null ? "none" : savepoint);
        events.append("orchestrator", "trader.started", jobId, details);
        say.accept(
                "trader started on "
                        + flink.base()
                        + " as job "
                        + jobId
                        + (savepoint == null ? " (fresh state)" : " from savepoint " + savepoint));
        return next;
    }

    /** Stops the recorded job with a savepoint and records where it is. */
    public ClusterDeployment stop() {
        ClusterDeployment d = deployment();
        if (d.jobId() == null) {
            throw new UserError(
                    "no trader was deployed from here (no "
                            + stateFile
                            + "): start one with 'algo-trader trader start --cluster'");
        }
        if (!running(d)) {
            throw new UserError(
                    "trader job "
                            + d.jobId()
                            + " is not running on "
                            + flink.base()
                            + (d.lastSavepoint() == null
                                    ? ""
                                    : "; its last savepoint is " + d.lastSavepoint()));
        }
        say.accept("stopping job " + d.jobId() + " with a savepoint in " + spec.savepointDir());
        String trigger = flink.stopWithSavepoint(d.jobId(), spec.savepointDir(), false);
        String location =
                flink.awaitSavepoint(
                        d.jobId(),
                        trigger,
                        Duration.ofSeconds(1),
                        spec.savepointTimeout(),
                        clock,
                        sleeper);
        ClusterDeployment next =
                new ClusterDeployment(
                        d.restUrl(),
                        d.jarId(),
                        d.jobId(),
                        location,
                        d.startedAt(),
                        clock.instant().toString());
        next.write(stateFile);
        events.append(
                "orchestrator",
                "trader.stopped",
                d.jobId(),
                Map.of("cluster", flink.base(), "job_id", d.jobId(), "savepoint", location));
        say.accept("trader stopped; savepoint " + location);
        return next;
    }

    /** Stops the running job (if any) with a savepoint, then starts from the newest savepoint. */
    public ClusterDeployment restart() {
        ClusterDeployment d = deployment();
        if (running(d)) d = stop();
        return deploy(d, false);
    }
}
