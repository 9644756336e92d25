package dev.algotrader.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code algo-trader airflow …} against the real Airflow 2.10.3 REST API: list, pause/unpause,
 * trigger with conf (the run and the rendered task show it), a paused DAG, wrong and missing
 * credentials, an unknown DAG, a param Airflow refuses, and a 502 a loopback proxy sends after the
 * upstream created the run.
 */
@ExtendWith(RealAirflow.Extension.class)
class AirflowCliIT {

    static final List<String> DAGS =
            List.of("market_data_daily", "research_weekly", "trader_deploy");
    static RealAirflow airflow;
    static long started;

    @TempDir Path tmp;

    @BeforeAll
    static void shared() {
        started = System.nanoTime();
        airflow = RealAirflow.get();
    }

    @AfterAll
    static void timing() {
        System.out.printf(
                "AirflowCliIT: %d s (Airflow start %d s, shared)%n",
                (System.nanoTime() - started) / 1_000_000_000L, airflow.startTime.toSeconds());
    }

    /** Every test starts and ends with the three DAGs paused, as a fresh Airflow has them. */
    @AfterEach
    void pauseAll() throws Exception {
        for (String d : DAGS) {
            airflow.api(
                    "PATCH",
                    "/api/v1/dags/" + d + "?update_mask=is_paused",
                    Map.of("is_paused", true));
        }
    }

    CliHarness cli(String url, Map<String, String> env) {
        return new CliHarness(
                tmp,
                "algotrader.control.airflow { base-url = \""
                        + url
                        + "\", retry-backoff-ms = 200, max-attempts = 3, poll-interval-s = 1 }\n",
                Clock.systemUTC(),
                env);
    }

    CliHarness cli() {
        return cli(
                airflow.url.toString(),
                Map.of(
                        "AIRFLOW_USERNAME",
                        RealAirflow.USER,
                        "AIRFLOW_PASSWORD",
                        RealAirflow.PASSWORD));
    }

    static List<JsonNode> runs(String dag) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        airflow.api("GET", "/api/v1/dags/" + dag + "/dagRuns?limit=100", null)
                .body()
                .path("dag_runs")
                .forEach(l::add);
        return l;
    }

    @Test
    void listShowsTheDagsTheirPausedStateAndLastRun() throws Exception {
        CliHarness c = cli();
        assertThat(c.run("airflow", "list")).as(c.err()).isZero();
        List<String> lines = c.out().strip().lines().toList();
        assertThat(lines.get(0)).startsWith("DAG").contains("PAUSED").contains("LAST RUN");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1))
                .startsWith("market_data_daily")
                .contains(" yes ")
                .contains("0 1 * * *");
        assertThat(lines.get(3)).startsWith("trader_deploy").contains(" manual ");
        // pause/unpause round trip, seen by Airflow and by list
        assertThat(c.run("airflow", "unpause", "research_weekly")).as(c.err()).isZero();
        assertThat(c.out()).contains("unpaused research_weekly (paused: no)");
        assertThat(
                        airflow.api("GET", "/api/v1/dags/research_weekly", null)
                                .body()
                                .path("is_paused")
                                .asBoolean())
                .isFalse();
        assertThat(c.run("airflow", "list")).isZero();
        assertThat(c.out()).containsPattern("research_weekly\\s+no ");
        assertThat(c.run("airflow", "pause", "research_weekly")).isZero();
        assertThat(c.out()).contains("paused research_weekly (paused: yes)");
        assertThat(c.run("airflow", "pause", "research_weekly")).isZero();
        assertThat(c.out()).contains("research_weekly was already paused");
        assertThat(c.eventTypes()).contains("airflow.unpaused", "airflow.paused");
    }

    @Test
    void aPausedDagIsRefusedAndUnpauseTriggersIt() throws Exception {
        CliHarness c = cli();
        int before = runs("trader_deploy").size();
        assertThat(c.run("airflow", "trigger", "trader_deploy")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(c.err())
                .contains("DAG trader_deploy is paused")
                .contains("'algo-trader airflow unpause trader_deploy'")
                .contains("--unpause");
        assertThat(runs("trader_deploy")).hasSize(before);

        assertThat(
                        c.run(
                                "airflow",
                                "trigger",
                                "trader_deploy",
                                "--unpause",
                                "--conf",
                                "{\"env\": \"local\"}",
                                "--key",
                                "it-unpause"))
                .as(c.err())
                .isZero();
        assertThat(c.out())
                .contains("unpaused trader_deploy")
                .contains("triggered trader_deploy algo-trader__it-unpause__");
        String runId =
                c.events().stream()
                        .filter(e -> e.path("event").asText().equals("airflow.triggered"))
                        .findFirst()
                        .orElseThrow()
                        .path("details")
                        .path("dag_run_id")
                        .asText();
        // the scheduler runs the task with the conf rendered into its command (the task itself
        // then fails: there is no algo-trader install here)
        JsonNode rendered = null;
        for (int i = 0; i < 120 && rendered == null; i++) {
            JsonNode ti =
                    airflow.api(
                                    "GET",
                                    "/api/v1/dags/trader_deploy/dagRuns/"
                                            + runId
                                            + "/taskInstances/restart_trader",
                                    null)
                            .body();
            if (ti.path("rendered_fields").has("bash_command"))
                rendered = ti.path("rendered_fields");
            else Thread.sleep(1000);
        }
        assertThat(rendered).as("restart_trader of %s never rendered", runId).isNotNull();
        assertThat(rendered.path("bash_command").asText())
                .endsWith("trader restart --cluster --env local");
    }

    @Test
    void triggerWithConfReachesTheRunAndItsRenderedCommand() throws Exception {
        CliHarness c = cli();
        String conf = "{\"symbols\": [\"BTC/USD\"], \"from\": \"2013-11-25\"}";
        assertThat(
                        c.run(
                                "airflow",
                                "trigger",
                                "market_data_daily",
                                "--unpause",
                                "--conf",
                                conf,
                                "--key",
                                "it-conf"))
                .as(c.err())
                .isZero();
        airflow.api(
                "PATCH",
                "/api/v1/dags/market_data_daily?update_mask=is_paused",
                Map.of("is_paused", true));
        String runId =
                DagRunIds.of(
                        "market_data_daily",
                        Map.of("symbols", List.of("BTC/USD"), "from", "2013-11-25"),
                        "it-conf",
                        java.time.Instant.now());
        JsonNode run =
                airflow.api("GET", "/api/v1/dags/market_data_daily/dagRuns/" + runId, null).body();
        assertThat(run.path("conf")).isEqualTo(RealAirflow.JSON.readTree(conf));
        assertThat(run.path("external_trigger").asBoolean()).isTrue();
        // Airflow's own renderer, on that run from the metadata DB
        ProcessBuilder pb =
                new ProcessBuilder(
                                airflow.services.resolve("airflow/bin/airflow").toString(),
                                "tasks",
                                "render",
                                "market_data_daily",
                                "ingest",
                                runId)
                        .redirectErrorStream(true);
        pb.environment().putAll(airflow.pythonEnv());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(out)
                .contains("['ingest', '--symbols=BTC/USD', '--from=2013-11-25', '--env', 'paper']");
        // the same trigger again finds its run: success, no second run
        assertThat(
                        c.run(
                                "airflow",
                                "trigger",
                                "market_data_daily",
                                "--unpause",
                                "--conf",
                                conf,
                                "--key",
                                "it-conf"))
                .as(c.err())
                .isZero();
        assertThat(c.out()).contains("already triggered");
        assertThat(
                        runs("market_data_daily").stream()
                                .filter(r -> r.path("dag_run_id").asText().equals(runId)))
                .hasSize(1);
    }

    @Test
    void aParamAirflowRefusesIsOneLine() {
        CliHarness c = cli();
        assertThat(
                        c.run(
                                "airflow",
                                "trigger",
                                "trader_deploy",
                                "--unpause",
                                "--conf",
                                "{\"env\": \"prod\"}"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err())
                .contains("HTTP 400")
                .contains("Invalid input for param env: 'prod' is not one of");
    }

    @Test
    void wrongOrMissingCredentialsAre403AndTheMessageNamesThem() {
        CliHarness wrong =
                cli(
                        airflow.url.toString(),
                        Map.of("AIRFLOW_USERNAME", "admin", "AIRFLOW_PASSWORD", "wr0ng-pw-it"));
        assertThat(wrong.run("airflow", "trigger", "market_data_daily"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(wrong.err())
                .contains("403 Forbidden")
                .contains("check the credentials (AIRFLOW_USERNAME/AIRFLOW_PASSWORD")
                .contains("or the user's permissions on DAG 'market_data_daily'")
                .doesNotContain("wr0ng-pw-it");
        assertThat(wrong.events().toString()).doesNotContain("wr0ng-pw-it");
        CliHarness none = cli(airflow.url.toString(), Map.of());
        assertThat(none.run("airflow", "list")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(none.err()).contains("403 Forbidden").contains("which are not set");
    }

    @Test
    void unknownDagIsNamed() {
        CliHarness c = cli();
        assertThat(c.run("airflow", "trigger", "no_such_dag")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(c.err())
                .contains("Airflow does not know DAG 'no_such_dag'")
                .contains("algo-trader airflow list");
        assertThat(c.run("airflow", "pause", "no_such_dag")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(c.err()).contains("does not know DAG 'no_such_dag'");
    }

    @Test
    void a502AfterTheRunWasCreatedIsRetriedAndReportsTheOneRun() throws Exception {
        try (LostAnswerProxy proxy = new LostAnswerProxy(airflow.url)) {
            CliHarness c =
                    cli(
                            proxy.url(),
                            Map.of(
                                    "AIRFLOW_USERNAME",
                                    RealAirflow.USER,
                                    "AIRFLOW_PASSWORD",
                                    RealAirflow.PASSWORD));
            assertThat(c.run("airflow", "trigger", "trader_deploy", "--unpause", "--key", "it-502"))
                    .as(c.err())
                    .isZero();
            assertThat(proxy.dagRunPosts.get()).isEqualTo(2);
            assertThat(proxy.injected.get()).isEqualTo(1);
            assertThat(c.out())
                    .contains("already triggered")
                    .contains("trader_deploy algo-trader__it-502__");
            assertThat(
                            runs("trader_deploy").stream()
                                    .filter(
                                            r ->
                                                    r.path("dag_run_id")
                                                            .asText()
                                                            .startsWith("algo-trader__it-502__")))
                    .hasSize(1);
        }
    }
}
