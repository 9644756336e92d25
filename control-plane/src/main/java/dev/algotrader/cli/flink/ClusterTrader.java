package dev.algotrader.cli.flink;

import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.stream.control.TraderJobName;
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
 *
 * <p>One trader per run id: before a submit the cluster's jobs ({@code GET /jobs/overview}) are
 * searched for a job of the run that is not finished (its name carries the run id, see {@link
 * TraderJobName}), and a second one is refused. Check and submit happen under a file lock next to
 * the deployment record, so two starts from one home cannot both pass the check.
 */
public final class ClusterTrader {

    /** What to deploy and where savepoints go. */
    public record Spec(
            String runId,
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
        try (DeploymentLock l = DeploymentLock.take(stateFile)) {
            ClusterDeployment d = deployment();
            refuseIfRunning(d);
            return deploy(d, fresh);
        }
    }

    /** The cluster's jobs of this run id that may still trade (plus the recorded job, if so). */
    public List<FlinkRestClient.JobInfo> activeJobsOfRun(ClusterDeployment d) {
        String recorded = flink.base().equals(d.restUrl()) ? d.jobId() : null;
        return flink.jobs().stream()
                .filter(j -> FlinkRestClient.active(j.state()))
                .filter(
                        j ->
                                TraderJobName.runId(j.name())
                                                .map(spec.runId()::equals)
                                                .orElse(false)
                                        || j.jobId().equals(recorded))
                .toList();
    }

    private void refuseIfRunning(ClusterDeployment d) {
        List<FlinkRestClient.JobInfo> active = activeJobsOfRun(d);
        if (active.isEmpty()) return;
        FlinkRestClient.JobInfo j = active.get(0);
        boolean ours = j.jobId().equals(d.jobId());
        events.append(
                "orchestrator",
                "trader.start.refused",
                j.jobId(),
                Map.of(
                        "cluster",
                        flink.base(),
                        "run_id",
                        spec.runId(),
                        "running_job",
                        j.jobId(),
                        "state",
                        j.state()));
        throw new UserError(
                "the trader of run id '"
                        + spec.runId()
                        + "' already runs on "
                        + flink.base()
                        + " as job "
                        + j.jobId()
                        + " ("
                        + j.state()
                        + (active.size() > 1 ? ", and " + (active.size() - 1) + " more" : "")
                        + "); not starting a second one: "
                        + (ours
                                ? "stop it with 'algo-trader trader stop --cluster' (a savepoint"
                                        + " the next 'trader start --cluster' resumes from), or"
                                        + " redeploy it with 'algo-trader trader restart"
                                        + " --cluster'"
                                : "it was not started from this home ("
                                        + stateFile
                                        + " records "
                                        + (d.jobId() == null ? "none" : d.jobId())
                                        + "): stop it where it was started, or with 'flink stop"
                                        + " --savepointPath DIR "
                                        + j.jobId()
                                        + "'"));
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
        details.put("run_id", spec.runId());
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
        try (DeploymentLock l = DeploymentLock.take(stateFile)) {
            ClusterDeployment d = deployment();
            if (running(d)) d = stop();
            refuseIfRunning(d);
            return deploy(d, false);
        }
    }
}
