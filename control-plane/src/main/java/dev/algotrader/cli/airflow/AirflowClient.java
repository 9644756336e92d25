package dev.algotrader.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.cli.rest.RestClient.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Client of Airflow 2.x's stable REST API ({@code /api/v1}): list, pause and unpause DAGs, trigger
 * a DAG run, read its state, wait for it to finish. Authentication is HTTP basic (the webserver
 * needs {@code auth_backends = airflow.api.auth.backend.basic_auth}).
 *
 * <p>The run id is always chosen by the client ({@link DagRunIds}), so a trigger retried after a
 * 5xx is idempotent: a 409 whose existing run carries the same conf is the run an earlier attempt
 * created, and it is returned as a success.
 */
public final class AirflowClient {

    /** States after which a DAG run does not change any more. */
    public static final Set<String> FINAL_STATES = Set.of("success", "failed");

    /**
     * One DAG run as Airflow reports it; {@code alreadyExisted} when a trigger found the run an
     * earlier attempt (or an earlier identical trigger) had created.
     */
    public record DagRun(
            String dagId,
            String runId,
            String state,
            String logicalDate,
            String startDate,
            String endDate,
            JsonNode conf,
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
                    n.path("conf"),
                    existed);
        }

        DagRun existing() {
            return new DagRun(dagId, runId, state, logicalDate, startDate, endDate, conf, true);
        }
    }

    /** One DAG as Airflow lists it. */
    public record Dag(
            String dagId,
            boolean paused,
            boolean active,
            boolean importErrors,
            String schedule,
            String description) {

        static Dag of(JsonNode n) {
            JsonNode sched = n.path("schedule_interval");
            String schedule =
                    sched.isNull() || sched.isMissingNode()
                            ? null
                            : sched.hasNonNull("value") ? sched.get("value").asText() : null;
            if (schedule != null && sched.path("__type").asText().equals("TimeDelta")) {
                schedule =
                        "every "
                                + sched.path("days").asInt()
                                + "d "
                                + sched.path("seconds").asInt()
                                + "s";
            }
            return new Dag(
                    text(n, "dag_id"),
                    n.path("is_paused").asBoolean(false),
                    n.path("is_active").asBoolean(true),
                    n.path("has_import_errors").asBoolean(false),
                    schedule,
                    text(n, "description"));
        }
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClient rest;
    private final boolean credentials;

    public AirflowClient(RestClient rest) {
        this(rest, true);
    }

    /** {@code credentials}: whether a user name was configured (only changes error messages). */
    public AirflowClient(RestClient rest, boolean credentials) {
        this.rest = rest;
        this.credentials = credentials;
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
                new RestClient("Airflow", baseUrl, headers, maxAttempts, backoff, timeout, sleeper),
                !headers.isEmpty());
    }

    /** One DAG (paused state, schedule); a clear error when Airflow does not know it. */
    public Dag dag(String dagId) {
        Response r = rest.get(dagPath(dagId));
        if (r.ok()) return Dag.of(r.body());
        throw failure(r, dagId, null, "read DAG '" + dagId + "'");
    }

    /** Every DAG Airflow lists (all pages), only those tagged {@code tag} unless it is null. */
    public List<Dag> dags(String tag) {
        List<Dag> out = new ArrayList<>();
        int total = Integer.MAX_VALUE;
        while (out.size() < total) {
            String q =
                    "/api/v1/dags?limit=100&order_by=dag_id&offset="
                            + out.size()
                            + (tag == null ? "" : "&tags=" + enc(tag));
            Response r = rest.get(q);
            if (!r.ok()) throw failure(r, null, null, "list DAGs");
            JsonNode page = r.body().path("dags");
            page.forEach(d -> out.add(Dag.of(d)));
            total = r.body().path("total_entries").asInt(out.size());
            if (page.isEmpty()) break;
        }
        return out;
    }

    /** The newest run of {@code dagId} by logical date, if it has any. */
    public Optional<DagRun> lastRun(String dagId) {
        Response r = rest.get(runsPath(dagId) + "?order_by=-execution_date&limit=1");
        if (!r.ok()) throw failure(r, dagId, null, "read the runs of DAG '" + dagId + "'");
        JsonNode runs = r.body().path("dag_runs");
        return runs.isEmpty() ? Optional.empty() : Optional.of(DagRun.of(runs.get(0), false));
    }

    /** Pauses or unpauses {@code dagId}; returns the DAG as Airflow reports it afterwards. */
    public Dag setPaused(String dagId, boolean paused) {
        Response r =
                rest.patchJson(
                        dagPath(dagId) + "?update_mask=is_paused", Map.of("is_paused", paused));
        if (r.ok()) return Dag.of(r.body());
        throw failure(r, dagId, null, (paused ? "pause" : "unpause") + " DAG '" + dagId + "'");
    }

    /**
     * Triggers {@code dagId} with run id {@code runId} and {@code conf}; returns the new run, or
     * the existing run of that id when it carries the same conf (an earlier attempt of this call,
     * e.g. a POST whose answer was lost in a 5xx, or an earlier identical trigger): {@link
     * DagRun#alreadyExisted()}. A run of that id with another conf is an error.
     */
    public DagRun trigger(String dagId, String runId, Map<String, Object> conf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dag_run_id", runId);
        body.put("conf", conf == null ? Map.of() : conf);
        Response r = rest.postJson(runsPath(dagId), body);
        if (r.ok()) return DagRun.of(r.body(), false);
        if (r.status() == 409) {
            DagRun existing = get(dagId, runId);
            JsonNode wanted = JSON.valueToTree(body.get("conf"));
            if (existing.conf().equals(wanted)) return existing.existing();
            throw new UserError(
                    "DAG run "
                            + dagId
                            + "/"
                            + runId
                            + " already exists with another conf ("
                            + existing.conf()
                            + "): pick another --run-id or --key");
        }
        throw failure(r, dagId, runId, "trigger DAG '" + dagId + "'");
    }

    /** The current state of one run. */
    public DagRun get(String dagId, String runId) {
        Response r = rest.get(runsPath(dagId) + "/" + enc(runId));
        if (r.ok()) return DagRun.of(r.body(), false);
        throw failure(r, dagId, runId, "read run '" + runId + "' of DAG '" + dagId + "'");
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

    private static String dagPath(String dagId) {
        return "/api/v1/dags/" + enc(dagId);
    }

    private static String runsPath(String dagId) {
        return dagPath(dagId) + "/dagRuns";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The one-line error for an answer that is not 2xx. Airflow 2.10 with the {@code
     * basic_auth,session} backends answers missing or wrong credentials with 403 (an anonymous
     * request passes authentication and then fails authorization), so a 403 names the credentials
     * first and the permissions second; 401 comes from webservers with basic_auth alone.
     */
    private RuntimeException failure(Response r, String dagId, String runId, String action) {
        // Airflow's details can span lines (a param's JSON schema): the first one says it
        String detail = RestClient.errorText(r).strip().lines().findFirst().orElse("");
        String creds =
                credentials
                        ? "AIRFLOW_USERNAME/AIRFLOW_PASSWORD"
                        : "AIRFLOW_USERNAME/AIRFLOW_PASSWORD, which are not set";
        return switch (r.status()) {
            case 401 ->
                    new UserError(
                            "Airflow refused the credentials (HTTP 401) to "
                                    + action
                                    + ": check "
                                    + creds
                                    + ", and that the webserver's [api] auth_backends includes"
                                    + " airflow.api.auth.backend.basic_auth");
            case 403 ->
                    new UserError(
                            "Airflow answered 403 Forbidden to "
                                    + action
                                    + ": check the credentials ("
                                    + creds
                                    + "; Airflow 2.10 answers missing or wrong credentials with"
                                    + " 403) or the user's permissions"
                                    + (dagId == null ? "" : " on DAG '" + dagId + "'"));
            case 404 ->
                    new UserError(
                            "Airflow does not know "
                                    + (runId != null && detail.toLowerCase().contains("dagrun")
                                            ? "run '" + runId + "' of DAG '" + dagId + "'"
                                            : "DAG '" + dagId + "'")
                                    + " (HTTP 404: "
                                    + detail
                                    + "): check the id ('algo-trader airflow list' shows the"
                                    + " DAGs), and that airflow-dags/ is in the scheduler's"
                                    + " dags_folder");
            case 400 ->
                    new UserError(
                            "Airflow rejected the request to " + action + " (HTTP 400): " + detail);
            default ->
                    new UserError(
                            "Airflow answered HTTP "
                                    + r.status()
                                    + " to "
                                    + action
                                    + ": "
                                    + detail);
        };
    }
}
