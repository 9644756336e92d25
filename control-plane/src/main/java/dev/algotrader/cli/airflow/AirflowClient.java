package dev.algotrader.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.cli.rest.RestClient.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Client of Airflow 2.x's stable REST API ({@code /api/v1}): trigger a DAG run, read its state,
 * wait for it to finish. Authentication is HTTP basic (the webserver needs {@code auth_backends =
 * airflow.api.auth.backend.basic_auth}).
 *
 * <p>The run id is always chosen by the client, so a trigger retried after a 5xx is idempotent: a
 * 409 on a retry means the first attempt landed, and the existing run is returned.
 */
public final class AirflowClient {

    /** States after which a DAG run does not change any more. */
    public static final Set<String> FINAL_STATES = Set.of("success", "failed");

    /** One DAG run as Airflow reports it. */
    public record DagRun(
            String dagId,
            String runId,
            String state,
            String logicalDate,
            String startDate,
            String endDate,
            boolean alreadyExisted) {

        public boolean finished() {
            return FINAL_STATES.contains(state);
        }

        static DagRun of(JsonNode n, boolean existed) {
            return new DagRun(
                    text(n, "dag_id"),
                    text(n, "dag_run_id"),
                    text(n, "state"),
                    n.hasNonNull("logical_date")
                            ? text(n, "logical_date")
                            : text(n, "execution_date"),
                    text(n, "start_date"),
                    text(n, "end_date"),
                    existed);
        }

        private static String text(JsonNode n, String f) {
            return n.hasNonNull(f) ? n.get(f).asText() : null;
        }
    }

    private final RestClient rest;

    public AirflowClient(RestClient rest) {
        this.rest = rest;
    }

    /** Basic-auth client for {@code baseUrl}; username/password may be null (no auth header). */
    public static AirflowClient create(
            URI baseUrl,
            String username,
            String password,
            int maxAttempts,
            Duration backoff,
            Duration timeout,
            RestClient.Sleeper sleeper) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (username != null && !username.isEmpty()) {
            String token =
                    Base64.getEncoder()
                            .encodeToString(
                                    (username + ":" + (password == null ? "" : password))
                                            .getBytes(StandardCharsets.UTF_8));
            headers.put("Authorization", "Basic " + token);
        }
        return new AirflowClient(
                new RestClient(
                        "Airflow", baseUrl, headers, maxAttempts, backoff, timeout, sleeper));
    }

    /**
     * Triggers {@code dagId} with run id {@code runId} and {@code conf}; returns the new run (or
     * the run an earlier attempt of this same call created).
     */
    public DagRun trigger(String dagId, String runId, Map<String, Object> conf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", runId);
        body.put("conf", conf == null ? Map.of() : conf);
        Response r = rest.postJson(runsPath(dagId), body);
        if (r.ok()) return DagRun.of(r.body(), false);
        if (r.status() == 409) {
            // Either the user reused a run id, or a retried POST already created it: report it.
            DagRun existing = get(dagId, runId);
            return new DagRun(
                    existing.dagId(),
                    existing.runId(),
                    existing.state(),
                    existing.logicalDate(),
                    existing.startDate(),
                    existing.endDate(),
                    true);
        }
        throw failure(r, dagId, runId);
    }

    /** The current state of one run. */
    public DagRun get(String dagId, String runId) {
        Response r = rest.get(runsPath(dagId) + "/" + enc(runId));
        if (r.ok()) return DagRun.of(r.body(), false);
        throw failure(r, dagId, runId);
    }

    /**
     * Polls until the run is {@code success} or {@code failed}, or {@code timeout} passes (then a
     * {@link UserError}).
     */
    public DagRun waitFor(
            String dagId,
            String runId,
            Duration poll,
            Duration timeout,
            Clock clock,
            RestClient.Sleeper sleeper,
            java.util.function.Consumer<DagRun> onChange) {
        Instant deadline = clock.instant().plus(timeout);
        String lastState = null;
        while (true) {
            DagRun run = get(dagId, runId);
            if (!run.state().equals(lastState)) {
                onChange.accept(run);
                lastState = run.state();
            }
            if (run.finished()) return run;
            if (!clock.instant().isBefore(deadline)) {
                throw new UserError(
                        "DAG run "
                                + dagId
                                + "/"
                                + runId
                                + " is still '"
                                + run.state()
                                + "' after "
                                + timeout.toSeconds()
                                + " s: wait longer with --timeout or check the Airflow UI");
            }
            try {
                sleeper.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted while waiting for " + dagId + "/" + runId);
            }
        }
    }

    private static String runsPath(String dagId) {
        return "/api/v1/dags/" + enc(dagId) + "/dagRuns";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private RuntimeException failure(Response r, String dagId, String runId) {
        String detail = RestClient.errorText(r);
        return switch (r.status()) {
            case 401 ->
                    new UserError(
                            "Airflow refused the credentials (HTTP 401): set AIRFLOW_USERNAME and"
                                    + " AIRFLOW_PASSWORD, and enable basic auth on the webserver"
                                    + " (auth_backends = airflow.api.auth.backend.basic_auth)");
            case 403 ->
                    new UserError(
                            "Airflow user "
                                    + "is not allowed to do this (HTTP 403): "
                                    + detail
                                    + "; grant it the DAG's permissions");
            case 404 ->
                    new UserError(
                            "Airflow does not know "
                                    + (detail.toLowerCase().contains("dagrun")
                                            ? "run '" + runId + "' of DAG '" + dagId + "'"
                                            : "DAG '" + dagId + "'")
                                    + " (HTTP 404: "
                                    + detail
                                    + "): check the id, and that airflow-dags/ is in the"
                                    + " scheduler's dags_folder");
            case 400 -> new UserError("Airflow rejected the request (HTTP 400): " + detail);
            default ->
                    new UserError(
                            "Airflow answered HTTP "
                                    + r.status()
                                    + " for "
                                    + dagId
                                    + "/"
                                    + runId
                                    + ": "
                                    + detail);
        };
    }
}
