package dev.algotrader.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.airflow.AirflowClient.DagRun;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.fixtures.TestClock;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Airflow client against a local server speaking the stable REST API (bodies shaped like the
 * API reference's DAGRun and problem+json Error examples).
 */
public class AirflowClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private MockWebServer server;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A DAGRun object as in the stable REST API reference. */
    public static String dagRun(String dagId, String runId, String state) {
        return """
                {"dag_run_id": "%s", "dag_id": "%s", "logical_date": "2026-11-25T19:00:00+00:00",
                 "execution_date": "2026-11-25T19:00:00+00:00", "start_date": %s, "end_date": %s,
                 "data_interval_start": "2026-11-25T19:00:00+00:00",
                 "data_interval_end": "2026-11-25T19:00:00+00:00",
                 "last_scheduling_decision": null, "run_type": "manual", "state": "%s",
                 "external_trigger": true, "conf": {}, "note": null}
                """
                .formatted(
                        runId,
                        dagId,
                        state.equals("queued") ? "null" : "\"2026-11-25T19:00:01+00:00\"",
                        state.equals("success") || state.equals("failed")
                                ? "\"2026-11-25T19:05:00+00:00\""
                                : "null",
                        state);
    }

    /** A DAG object as the stable REST API returns it. */
    public static String dag(String dagId, boolean paused) {
        return """
                {"dag_id": "%s", "dag_display_name": "%s", "is_paused": %s, "is_active": true,
                 "has_import_errors": false, "description": null, "tags": [{"name": "algo-trader"}],
                 "schedule_interval": {"__type": "CronExpression", "value": "0 1 * * *"}}
                """
                .formatted(dagId, dagId, paused);
    }

    /** Airflow's problem+json error body. */
    static String problem(int status, String title, String detail) {
        return """
                {"detail": "%s", "status": %d, "title": "%s",
                 "type": "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/%s"}
                """
                .formatted(detail, status, title, title.replace(" ", ""));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader(
                        "Content-Type",
                        code < 300 ? "application/json" : "application/problem+json")
                .body(body)
                .build();
    }

    AirflowClient client(String user, String password) {
        return AirflowClient.create(
                URI.create(server.url("/").toString()),
                user,
                password,
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                sleeps::add);
    }

    @Test
    void triggerPostsRunIdAndConfWithBasicAuth() throws Exception {
        server.enqueue(json(200, dagRun("market_data_daily", "r1", "queued")));
        DagRun run =
                client("admin", "s3cret")
                        .trigger("market_data_daily", "r1", Map.of("symbols", List.of("BTC-USD")));
        assertThat(run.state()).isEqualTo("queued");
        assertThat(run.runId()).isEqualTo("r1");
        assertThat(run.alreadyExisted()).isFalse();
        RecordedRequest req = server.takeRequest();
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/api/v1/dags/market_data_daily/dagRuns");
        assertThat(req.getHeaders().get("Authorization"))
                .isEqualTo("Basic YWRtaW46czNjcmV0"); // base64("admin:s3cret")
        assertThat(req.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(req.getBody().utf8());
        assertThat(body.path("dag_run_id").asText()).isEqualTo("r1");
        assertThat(body.path("conf").path("symbols").get(0).asText()).isEqualTo("BTC-USD");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unauthorizedSaysWhichVariablesToSet() {
        server.enqueue(json(401, problem(401, "Unauthorized", "Unauthorized")));
        assertThatThrownBy(() -> client("bad", "bad").trigger("market_data_daily", "r", Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("AIRFLOW_USERNAME")
                .hasMessageContaining("401");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void forbiddenNamesTheCredentialsFirstAsAirflow210AnswersBadOnesWith403() {
        server.enqueue(json(403, problem(403, "Forbidden", "null")));
        assertThatThrownBy(() -> client("admin", "s3cr3t-pw").dag("market_data_daily"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("403 Forbidden")
                .hasMessageContaining("check the credentials (AIRFLOW_USERNAME/AIRFLOW_PASSWORD")
                .hasMessageContaining("or the user's permissions on DAG 'market_data_daily'")
                .hasMessageNotContaining("s3cr3t-pw");
        server.enqueue(json(403, problem(403, "Forbidden", "null")));
        assertThatThrownBy(() -> client(null, null).dags("algo-trader"))
                .hasMessageContaining("AIRFLOW_USERNAME/AIRFLOW_PASSWORD, which are not set");
    }

    @Test
    void conflictWithAnotherConfIsNotTakenForOurRun() {
        server.enqueue(json(409, problem(409, "Conflict", "already exists")));
        server.enqueue(json(200, dagRun("market_data_daily", "r1", "running")));
        assertThatThrownBy(
                        () ->
                                client("a", "b")
                                        .trigger(
                                                "market_data_daily",
                                                "r1",
                                                Map.of("symbols", List.of("BTC/USD"))))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("already exists with another conf");
    }

    @Test
    void unknownDagIsNamed() {
        server.enqueue(
                json(404, problem(404, "DAG not found", "DAG with dag_id: 'nope' not found")));
        assertThatThrownBy(() -> client("a", "b").trigger("nope", "r", Map.of()))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not know DAG 'nope'")
                .hasMessageContaining("dags_folder");
    }

    @Test
    void unknownRunIsNamed() {
        server.enqueue(
                json(
                        404,
                        problem(
                                404,
                                "DAGRun not found",
                                "DAGRun with DAG ID: 'market_data_daily' and DagRun ID: 'x' not"
                                        + " found")));
        assertThatThrownBy(() -> client("a", "b").get("market_data_daily", "x"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("run 'x' of DAG 'market_data_daily'");
    }

    @Test
    void conflictOnFirstAttemptReportsTheExistingRun() throws Exception {
        server.enqueue(
                json(
                        409,
                        problem(
                                409,
                                "Conflict",
                                "DAGRun with DAG ID: 'market_data_daily' and DAGRun ID: 'r1'"
                                        + " already exists")));
        server.enqueue(json(200, dagRun("market_data_daily", "r1", "running")));
        DagRun run = client("a", "b").trigger("market_data_daily", "r1", Map.of());
        assertThat(run.alreadyExisted()).isTrue();
        assertThat(run.state()).isEqualTo("running");
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().encodedPath())
                .isEqualTo("/api/v1/dags/market_data_daily/dagRuns/r1");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() throws Exception {
        server.enqueue(json(503, problem(503, "Service Unavailable", "db down")));
        server.enqueue(json(500, problem(500, "Internal Server Error", "oops")));
        server.enqueue(json(200, dagRun("research_weekly", "r2", "queued")));
        DagRun run = client("a", "b").trigger("research_weekly", "r2", Map.of());
        assertThat(run.state()).isEqualTo("queued");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void retriedTriggerWhoseFirstAttemptLandedIsNotDuplicated() {
        // the first POST created the run but its answer was lost as a 502; the retry gets 409
        server.enqueue(json(502, "<html>Bad Gateway</html>"));
        server.enqueue(json(409, problem(409, "Conflict", "already exists")));
        server.enqueue(json(200, dagRun("trader_deploy", "r3", "running")));
        DagRun run = client("a", "b").trigger("trader_deploy", "r3", Map.of());
        assertThat(run.runId()).isEqualTo("r3");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsGiveUpWithOneLine() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(500, problem(500, "Internal Server Error", "scheduler down")));
        }
        assertThatThrownBy(() -> client("a", "b").get("market_data_daily", "r"))
                .isInstanceOf(RestClient.ServiceUnavailable.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("scheduler down")
                .hasMessageContaining("3 attempts");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void unreachableServerIsOneLine() throws Exception {
        String url = server.url("/").toString();
        server.close();
        AirflowClient c =
                AirflowClient.create(
                        URI.create(url),
                        null,
                        null,
                        2,
                        Duration.ZERO,
                        Duration.ofSeconds(2),
                        d -> {});
        assertThatThrownBy(() -> c.get("market_data_daily", "r"))
                .isInstanceOf(RestClient.ServiceUnavailable.class)
                .hasMessageContaining("cannot reach Airflow at " + url)
                .hasMessageContaining("connection refused");
    }

    @Test
    void waitPollsUntilAFinalState() {
        server.enqueue(json(200, dagRun("market_data_daily", "r", "queued")));
        server.enqueue(json(200, dagRun("market_data_daily", "r", "running")));
        server.enqueue(json(200, dagRun("market_data_daily", "r", "running")));
        server.enqueue(json(200, dagRun("market_data_daily", "r", "success")));
        TestClock clock = new TestClock(Instant.parse("2026-11-25T19:00:00Z"));
        List<String> seen = new ArrayList<>();
        DagRun done =
                client("a", "b")
                        .waitFor(
                                "market_data_daily",
                                "r",
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(5),
                                clock,
                                d -> clock.advanceMillis(d.toMillis()),
                                r -> seen.add(r.state()));
        assertThat(done.state()).isEqualTo("success");
        assertThat(seen).containsExactly("queued", "running", "success");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void waitGivesUpAfterTheTimeout() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(json(200, dagRun("market_data_daily", "r", "running")));
        }
        TestClock clock = new TestClock(Instant.parse("2026-11-25T19:00:00Z"));
        assertThatThrownBy(
                        () ->
                                client("a", "b")
                                        .waitFor(
                                                "market_data_daily",
                                                "r",
                                                Duration.ofSeconds(10),
                                                Duration.ofSeconds(30),
                                                clock,
                                                d -> clock.advanceMillis(d.toMillis()),
                                                r -> {}))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("still 'running' after 30 s");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
