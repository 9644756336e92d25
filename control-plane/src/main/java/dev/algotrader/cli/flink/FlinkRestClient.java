package dev.algotrader.cli.flink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.cli.rest.RestClient.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Client of a Flink session cluster's REST API (the JobManager's {@code rest.port}): upload a jar,
 * run it (optionally from a savepoint), stop a job with a savepoint, read job state.
 *
 * <p>Endpoints (Flink 1.x/2.x REST API): {@code POST /jars/upload} (multipart field {@code
 * jarfile}), {@code POST /jars/:jarid/run} ({@code entryClass}, {@code programArgsList}, {@code
 * parallelism}, {@code savepointPath}, {@code allowNonRestoredState}), {@code POST
 * /jobs/:jobid/stop} ({@code targetDirectory}, {@code drain}) → {@code request-id}, {@code GET
 * /jobs/:jobid/savepoints/:triggerid}, {@code GET /jobs/:jobid}, {@code GET /jobs/overview}, {@code
 * GET /overview}.
 */
public final class FlinkRestClient {

    private final RestClient rest;

    public FlinkRestClient(RestClient rest) {
        this.rest = rest;
    }

    /** The cluster's overview: Flink version, task managers and free slots. */
    public record Overview(String flinkVersion, int taskManagers, int slotsTotal, int slotsFree) {}

    /** A job's id, name and state as the cluster reports it. */
    public record JobInfo(String jobId, String name, String state) {}

    public String base() {
        return rest.base().toString();
    }

    public Overview overview() {
        Response r = rest.get("/overview");
        check(r, "read the cluster overview");
        JsonNode b = r.body();
        return new Overview(
                b.path("flink-version").asText(""),
                b.path("taskmanagers").asInt(),
                b.path("slots-total").asInt(),
                b.path("slots-available").asInt());
    }

    /** Uploads {@code jar}; returns the jar id the cluster assigned (the last path segment). */
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new UserError(
                    "trader jar " + jar + " does not exist: run 'make build' (or pass --jar PATH)");
        }
        String boundary = "----algo-trader-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(
                    ("--"
                                    + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                    + " filename=\""
                                    + jar.getFileName()
                                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        Response r =
                rest.send(
                        "POST",
                        "/jars/upload",
                        body.toByteArray(),
                        "multipart/form-data; boundary=" + boundary);
        check(r, "upload " + jar.getFileName());
        String filename = r.body().path("filename").asText("");
        if (filename.isEmpty() || !"success".equals(r.body().path("status").asText())) {
            throw new UserError("Flink did not accept the jar upload: " + r.raw());
        }
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar; {@code savepointPath} null means a fresh start. Returns the job id. */
    public String runJar(
            String jarId,
            String entryClass,
            List<String> args,
            int parallelism,
            String savepointPath,
            boolean allowNonRestoredState) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (entryClass != null) body.put("entryClass", entryClass);
        body.put("programArgsList", args);
        if (parallelism > 0) body.put("parallelism", parallelism);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", allowNonRestoredState);
        }
        Response r = rest.postJson("/jars/" + jarId + "/run", body);
        check(r, "run jar " + jarId);
        String jobId = r.body().path("jobid").asText("");
        if (jobId.isEmpty()) throw new UserError("Flink returned no job id: " + r.raw());
        return jobId;
    }

    /** Starts stop-with-savepoint; returns the trigger id to poll. */
    public String stopWithSavepoint(String jobId, String targetDirectory, boolean drain) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (targetDirectory != null) body.put("targetDirectory", targetDirectory);
        body.put("drain", drain);
        Response r = rest.postJson("/jobs/" + jobId + "/stop", body);
        check(r, "stop job " + jobId);
        String trigger = r.body().path("request-id").asText("");
        if (trigger.isEmpty()) throw new UserError("Flink returned no request id: " + r.raw());
        return trigger;
    }

    /**
     * Polls a savepoint operation until it completes; returns its location, or throws with the
     * failure cause.
     */
    public String awaitSavepoint(
            String jobId,
            String triggerId,
            Duration poll,
            Duration timeout,
            Clock clock,
            RestClient.Sleeper sleeper) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Response r = rest.get("/jobs/" + jobId + "/savepoints/" + triggerId);
            check(r, "read savepoint status of job " + jobId);
            JsonNode b = r.body();
            if ("COMPLETED".equals(b.path("status").path("id").asText())) {
                JsonNode op = b.path("operation");
                if (op.hasNonNull("location")) return op.get("location").asText();
                throw new UserError(
                        "savepoint of job "
                                + jobId
                                + " failed: "
                                + op.path("failure-cause")
                                        .path("stack-trace")
                                        .asText(op.path("failure-cause").toString())
                                        .lines()
                                        .findFirst()
                                        .orElse("unknown cause"));
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new UserError(
                        "savepoint of job "
                                + jobId
                                + " not complete after "
                                + timeout.toSeconds()
                                + " s: check the JobManager log");
            }
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted while waiting for the savepoint");
            }
        }
    }

    /**
     * Every job the cluster knows ({@code GET /jobs/overview}: {@code {"jobs": [{"jid", "name",
     * "state", …}]}}), running and recently finished.
     */
    public List<JobInfo> jobs() {
        Response r = rest.get("/jobs/overview");
        check(r, "list its jobs");
        List<JobInfo> jobs = new java.util.ArrayList<>();
        for (JsonNode j : r.body().path("jobs")) {
            jobs.add(
                    new JobInfo(
                            j.path("jid").asText(),
                            j.path("name").asText(""),
                            j.path("state").asText("")));
        }
        return jobs;
    }

    /**
     * True for a state Flink may still leave (FINISHED, CANCELED and FAILED are globally terminal;
     * everything else, INITIALIZING, CREATED, RUNNING, RESTARTING, FAILING, CANCELLING, SUSPENDED,
     * RECONCILING, may still trade).
     */
    public static boolean active(String state) {
        return !(state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED"));
    }

    /** State of one job (RUNNING, FINISHED, CANCELED, FAILED, …). */
    public JobInfo job(String jobId) {
        Response r = rest.get("/jobs/" + jobId);
        if (r.status() == 404) {
            throw new UserError(
                    "Flink cluster at " + base() + " does not know job " + jobId + " (HTTP 404)");
        }
        check(r, "read job " + jobId);
        return new JobInfo(
                r.body().path("jid").asText(jobId),
                r.body().path("name").asText(""),
                r.body().path("state").asText(""));
    }

    private void check(Response r, String what) {
        if (r.ok()) return;
        throw new UserError(
                "Flink cluster at "
                        + base()
                        + " refused to "
                        + what
                        + " (HTTP "
                        + r.status()
                        + "): "
                        + mainMethodError(r).orElse(RestClient.errorText(r)));
    }

    private static final String MAIN_ERROR = "The main method caused an error: ";

    /**
     * The program's own message when its {@code main} threw under {@code /jars/:id/run} (Flink puts
     * it deep in the stack trace of {@code errors}, below "Could not execute application.").
     */
    static java.util.Optional<String> mainMethodError(Response r) {
        JsonNode errors = r.body() == null ? null : r.body().path("errors");
        if (errors == null || !errors.isArray()) return java.util.Optional.empty();
        for (JsonNode e : errors) {
            for (String line : e.asText().split("\n")) {
                int i = line.indexOf(MAIN_ERROR);
                if (i >= 0) {
                    return java.util.Optional.of(
                            "the trader's main failed: " + line.substring(i + MAIN_ERROR.length()));
                }
            }
        }
        return java.util.Optional.empty();
    }
}
