package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirflowCommandTest {

    @TempDir Path tmp;
    private MockWebServer server;
    private CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        cli =
                new CliHarness(
                        tmp,
                        "algotrader.control.airflow { base-url = \""
                                + server.url("/")
                                + "\", retry-backoff-ms = 0, poll-interval-s = 0 }\n",
                        Clock.fixed(Instant.parse("2026-11-25T19:30:00Z"), ZoneOffset.UTC),
                        Map.of("AIRFLOW_USERNAME", "admin", "AIRFLOW_PASSWORD", "pw-not-logged"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static MockResponse dag(String id, boolean paused) {
        return json(200, dev.algotrader.cli.airflow.AirflowClientTest.dag(id, paused));
    }

    @Test
    void triggerPrintsTheRunAndAuditsIt() throws Exception {
        String id =
                dev.algotrader.cli.airflow.DagRunIds.of(
                        "market_data_daily",
                        Map.of("full", true),
                        null,
                        Instant.parse("2026-11-25T19:30:00Z"));
        assertThat(id).startsWith("algo-trader__20261125T1930Z__");
        server.enqueue(dag("market_data_daily", false));
        server.enqueue(
                json(
                        200,
                        dev.algotrader.cli.airflow.AirflowClientTest.dagRun(
                                "market_data_daily", id, "queued")));
        int code = cli.run("airflow", "trigger", "market_data_daily", "--conf", "{\"full\": true}");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("triggered market_data_daily " + id + ": queued");
        assertThat(server.takeRequest().getUrl().encodedPath())
                .isEqualTo("/api/v1/dags/market_data_daily");
        RecordedRequest req = server.takeRequest();
        assertThat(req.getBody().utf8())
                .contains("\"dag_run_id\":\"" + id + "\"")
                .contains("\"full\":true");
        JsonNode e = cli.events().get(0);
        assertThat(e.path("event").asText()).isEqualTo("airflow.triggered");
        assertThat(e.path("details").path("dag_id").asText()).isEqualTo("market_data_daily");
        assertThat(cli.events().toString()).doesNotContain("pw-not-logged");
    }

    @Test
    void triggerAndWaitExitsOneWhenTheRunFails() {
        String id = "my-run";
        server.enqueue(dag("d", false));
        server.enqueue(
                json(200, dev.algotrader.cli.airflow.AirflowClientTest.dagRun("d", id, "queued")));
        server.enqueue(
                json(200, dev.algotrader.cli.airflow.AirflowClientTest.dagRun("d", id, "running")));
        server.enqueue(
                json(200, dev.algotrader.cli.airflow.AirflowClientTest.dagRun("d", id, "failed")));
        int code = cli.run("airflow", "trigger", "d", "--run-id", id, "--wait");
        assertThat(code).isEqualTo(Main.EXIT_FAILURE);
        assertThat(cli.out()).contains("d my-run: running").contains("d my-run: failed");
        assertThat(cli.eventTypes()).containsExactly("airflow.triggered", "airflow.run-finished");
    }

    @Test
    void statusPrintsState() {
        server.enqueue(
                json(
                        200,
                        dev.algotrader.cli.airflow.AirflowClientTest.dagRun(
                                "research_weekly", "r9", "running")));
        assertThat(cli.run("airflow", "status", "research_weekly", "r9")).isZero();
        assertThat(cli.out()).startsWith("research_weekly r9: running");
    }

    @Test
    void unknownDagIsOneLineExitTwoAndAnEvent() {
        server.enqueue(
                new MockResponse.Builder()
                        .code(404)
                        .addHeader("Content-Type", "application/problem+json")
                        .body(
                                "{\"detail\": \"DAG with dag_id: 'nope' not found\", \"status\":"
                                        + " 404, \"title\": \"DAG not found\", \"type\":"
                                        + " \"about:blank\"}")
                        .build());
        int code = cli.run("airflow", "trigger", "nope");
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).startsWith("error: Airflow does not know DAG 'nope'");
        JsonNode e = cli.events().get(0);
        assertThat(e.path("event").asText()).isEqualTo("command.failed");
        assertThat(e.path("details").path("command").asText())
                .isEqualTo("algo-trader airflow trigger");
    }

    @Test
    void reusedRunIdWithAnotherConfIsAnError() {
        server.enqueue(dag("d", false));
        server.enqueue(json(409, "{\"detail\": \"already exists\", \"status\": 409}"));
        server.enqueue(
                json(
                        200,
                        dev.algotrader.cli.airflow.AirflowClientTest.dagRun("d", "x", "success")));
        assertThat(cli.run("airflow", "trigger", "d", "--run-id", "x", "--conf", "{\"a\": 1}"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("already exists with another conf").contains("--run-id");
    }

    @Test
    void repeatedIdenticalTriggerReportsItsRunAsSuccess() {
        server.enqueue(dag("d", false));
        server.enqueue(json(409, "{\"detail\": \"already exists\", \"status\": 409}"));
        server.enqueue(
                json(
                        200,
                        dev.algotrader.cli.airflow.AirflowClientTest.dagRun("d", "x", "running")));
        assertThat(cli.run("airflow", "trigger", "d", "--run-id", "x")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("already triggered").contains("d x: running");
        assertThat(cli.events().get(0).path("details").path("existing").asBoolean()).isTrue();
    }

    @Test
    void pausedDagIsRefusedWithTheWayOut() {
        server.enqueue(dag("d", true));
        assertThat(cli.run("airflow", "trigger", "d")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .contains("DAG d is paused")
                .contains("algo-trader airflow unpause d")
                .contains("--unpause");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"list", "pause", "unpause", "trigger", "status", "wait"})
    void everySubcommandAnswersHelp(String sub) {
        assertThat(cli.run("airflow", sub, "--help")).isZero();
        assertThat(cli.out()).contains("Usage: algo-trader airflow " + sub);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void triggerHelpExplainsTheRunIdRule() {
        assertThat(cli.run("airflow", "trigger", "--help")).isZero();
        assertThat(cli.out())
                .contains("--key")
                .contains("--unpause")
                .contains("algo-trader__<key>__<hash of DAG, conf and key>");
    }

    @Test
    void listPrintsDagsPausedStateAndLastRun() {
        server.enqueue(
                json(
                        200,
                        "{\"dags\": ["
                                + dev.algotrader.cli.airflow.AirflowClientTest.dag(
                                        "market_data_daily", true)
                                + "], \"total_entries\": 1}"));
        server.enqueue(
                json(
                        200,
                        "{\"dag_runs\": ["
                                + dev.algotrader.cli.airflow.AirflowClientTest.dagRun(
                                        "market_data_daily", "r1", "success")
                                + "], \"total_entries\": 1}"));
        assertThat(cli.run("airflow", "list")).as(cli.err()).isZero();
        assertThat(cli.out())
                .containsPattern(
                        "market_data_daily\\s+yes\\s+0 1 \\* \\* \\*\\s+success .* \\(r1\\)");
    }

    @Test
    void badConfJsonIsAUserError() {
        assertThat(cli.run("airflow", "trigger", "d", "--conf", "{nope")).isEqualTo(2);
        assertThat(cli.err()).contains("--conf must be a JSON object");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unreachableAirflowExitsThreeWithOneLine() {
        String url = server.url("/").toString();
        server.close();
        int code = cli.run("airflow", "status", "d", "r", "--url", url);
        assertThat(code).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("cannot reach Airflow");
        assertThat(cli.eventTypes()).containsExactly("command.failed");
    }
}
