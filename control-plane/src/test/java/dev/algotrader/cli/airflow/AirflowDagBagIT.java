package dev.algotrader.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The DAG folder as the real Airflow 2.10.3 sees it: {@code scripts/check_dags.py} run with
 * Airflow's own Python against the shared instance's metadata DB (its {@code spark_default}
 * connection) loads a DagBag, and renders every task with Airflow's template engine: with no
 * Variables, with Variables (from AIRFLOW_VAR_* in the environment), and with a run conf.
 */
@ExtendWith(RealAirflow.Extension.class)
class AirflowDagBagIT {

    static final String MARKET_CONF =
            "{\"symbols\": [\"BTC/USD\"], \"from\": \"2013-11-25\", \"to\": \"2013-11-27\","
                    + " \"full_features\": true, \"env\": \"local\"}";
    static final String RESEARCH_CONF =
            "{\"symbol\": \"BTC/USD\", \"models\": [\"gbt\"], \"trials\": 3, \"metric\": \"auc\","
                    + " \"model_name\": \"btc-usd_1m_trees\"}";

    static RealAirflow airflow;
    static JsonNode plain;
    static JsonNode withVariables;
    static int withVariablesExit;
    static long started;

    record Result(int exit, JsonNode json, String err) {}

    static Result checkDags(String... confs) throws Exception {
        return checkDags(Map.of(), confs);
    }

    static Result checkDags(Map<String, String> env, String... confs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/python3");
        cmd.add(RealAirflow.ROOT.resolve("scripts/check_dags.py").toString());
        cmd.add(RealAirflow.ROOT.resolve("airflow-dags").toString());
        for (String c : confs) {
            cmd.add("--conf");
            cmd.add(c);
        }
        Path err = Files.createTempFile("check-dags", ".err");
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(airflow.home.toFile())
                        .redirectError(err.toFile());
        pb.environment().putAll(airflow.pythonEnv());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String e = Files.readString(err);
        assertThat(out).as("check_dags.py printed no JSON: %s", RealAirflow.tail(e)).isNotBlank();
        return new Result(p.exitValue(), RealAirflow.JSON.readTree(out), e);
    }

    @BeforeAll
    static void render() throws Exception {
        started = System.nanoTime();
        airflow = RealAirflow.get();
        Result r =
                checkDags(
                        "market_data_daily=" + MARKET_CONF,
                        "research_weekly=" + RESEARCH_CONF,
                        "trader_deploy={\"env\": \"live\"}");
        assertThat(r.exit()).as(r.err()).isZero();
        plain = r.json();
        // Variables from the environment (AIRFLOW_VAR_<NAME>, Airflow's first secrets backend):
        // only this process sees them, the shared instance stays as it is
        Result v =
                checkDags(
                        Map.of(
                                "AIRFLOW_VAR_ALGOTRADER_HOME", "/srv/algo-trader",
                                "AIRFLOW_VAR_ALGOTRADER_ENV", "live",
                                "AIRFLOW_VAR_ALGOTRADER_INSTALL_DIR", "/usr/local/algo-trader",
                                "AIRFLOW_VAR_ALGOTRADER_MARKET_DATA_SCHEDULE", "",
                                "AIRFLOW_VAR_ALGOTRADER_SPARK_JAR",
                                        "/srv/jars/algo-trader-spark-0.1.jar"),
                        // a conf its params refuse: the check reports it and exits 1
                        "trader_deploy={\"env\": \"prod\"}");
        withVariables = v.json();
        withVariablesExit = v.exit();
    }

    @AfterAll
    static void timing() {
        System.out.printf(
                "AirflowDagBagIT: %d s (Airflow start %d s, shared)%n",
                (System.nanoTime() - started) / 1_000_000_000L, airflow.startTime.toSeconds());
    }

    static JsonNode dag(JsonNode out, String id) {
        return out.path("dags").path(id);
    }

    static List<String> strings(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    static List<String> args(JsonNode out, String dag, String task, String which) {
        return strings(dag(out, dag).path(which).path(task).path("application_args"));
    }

    @Test
    void theFolderImportsWithoutErrorsHereAndInTheScheduler() throws Exception {
        assertThat(plain.path("import_errors").size()).isZero();
        List<String> ids = new ArrayList<>();
        plain.path("dags").fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactly("market_data_daily", "research_weekly", "trader_deploy");
        RealAirflow.Response errors = airflow.api("GET", "/api/v1/importErrors", null);
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.body().path("total_entries").asInt()).isZero();
    }

    @Test
    void tasksEdgesAndOperators() {
        assertThat(dag(plain, "market_data_daily").path("edges").toString())
                .isEqualTo("[[\"features\",\"labels\"],[\"ingest\",\"features\"]]");
        assertThat(dag(plain, "research_weekly").path("edges").toString())
                .isEqualTo("[[\"auto_train\",\"evaluate\"]]");
        assertThat(dag(plain, "trader_deploy").path("edges").toString())
                .isEqualTo("[[\"restart_trader\",\"verify_running\"]]");
        for (String d : List.of("market_data_daily", "research_weekly")) {
            dag(plain, d)
                    .path("tasks")
                    .forEach(
                            t ->
                                    assertThat(strings(t.path("operator_bases")))
                                            .contains("SparkSubmitOperator"));
        }
        dag(plain, "trader_deploy")
                .path("tasks")
                .forEach(t -> assertThat(t.path("operator").asText()).isEqualTo("BashOperator"));
    }

    @Test
    void slaOnlyWhereAirflowChecksItAndTimeoutsOnTheManualDag() {
        JsonNode market = dag(plain, "market_data_daily");
        assertThat(market.path("schedule").asText()).isEqualTo("0 1 * * *");
        market.path("tasks").forEach(t -> assertThat(t.path("sla").asDouble()).isEqualTo(7200.0));
        dag(plain, "research_weekly")
                .path("tasks")
                .forEach(t -> assertThat(t.path("sla").asDouble()).isEqualTo(21600.0));
        JsonNode deploy = dag(plain, "trader_deploy");
        assertThat(deploy.path("schedule").isNull()).isTrue();
        assertThat(deploy.path("dagrun_timeout").asDouble()).isEqualTo(1800.0);
        deploy.path("tasks")
                .forEach(
                        t -> {
                            assertThat(t.path("sla").isNull()).isTrue();
                            assertThat(t.path("execution_timeout").asDouble()).isPositive();
                            assertThat(t.path("retries").asInt()).isPositive();
                        });
        for (String d : List.of("market_data_daily", "research_weekly", "trader_deploy")) {
            assertThat(dag(plain, d).path("catchup").asBoolean(true)).isFalse();
            assertThat(dag(plain, d).path("max_active_runs").asInt()).isEqualTo(1);
        }
    }

    @Test
    void paramsHaveTypesAndDefaults() {
        JsonNode p = dag(plain, "market_data_daily").path("params");
        assertThat(strings(p.path("symbols").path("default"))).isEmpty();
        assertThat(p.path("symbols").path("schema").path("type").asText()).isEqualTo("array");
        assertThat(p.path("full_features").path("default").asBoolean(true)).isFalse();
        assertThat(p.path("from").path("default").isNull()).isTrue();
        assertThat(strings(p.path("env").path("schema").path("enum")))
                .contains("local", "paper", "live");
        JsonNode r = dag(plain, "research_weekly").path("params");
        assertThat(r.path("trials").path("schema").path("minimum").asInt()).isEqualTo(1);
        assertThat(strings(r.path("models").path("schema").path("items").path("enum")))
                .containsExactly("rf", "gbt");
    }

    @Test
    void renderedSparkSubmitWithoutVariablesUsesTheConnectionAndTheDefaults() {
        JsonNode ingest = dag(plain, "market_data_daily").path("rendered").path("ingest");
        assertThat(strings(ingest.path("spark_submit")))
                .containsExactly(
                        "spark-submit",
                        "--master",
                        "spark://127.0.0.1:7077",
                        "--conf",
                        "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                        "--conf",
                        "spark.sql.catalog.spark_catalog="
                                + "org.apache.spark.sql.delta.catalog.DeltaCatalog",
                        "--conf",
                        "spark.sql.session.timeZone=UTC",
                        "--conf",
                        "spark.driver.extraJavaOptions=-Dalgotrader.home=/opt/algo-trader"
                                + " -Dalgotrader.sample-data=/opt/algo-trader/target/sample-data",
                        "--name",
                        "algo-trader-ingest",
                        "--class",
                        "dev.algotrader.cli.Main",
                        "--deploy-mode",
                        "client",
                        "/opt/algo-trader/control-plane/target/algo-trader-spark.jar",
                        "ingest",
                        "--env",
                        "paper");
        assertThat(args(plain, "market_data_daily", "features", "rendered"))
                .containsExactly("features", "--env", "paper");
        assertThat(args(plain, "research_weekly", "auto_train", "rendered"))
                .containsExactly("auto-train", "--env", "paper");
        assertThat(args(plain, "research_weekly", "evaluate", "rendered"))
                .containsExactly("models", "--env", "paper");
        JsonNode restart = dag(plain, "trader_deploy").path("rendered").path("restart_trader");
        assertThat(restart.path("bash_command").asText())
                .isEqualTo("/opt/algo-trader/bin/algo-trader trader restart --cluster --env paper");
        assertThat(restart.path("env").path("ALGOTRADER_HOME").asText())
                .isEqualTo("/opt/algo-trader");
    }

    @Test
    void variablesChangeHomeInstallJarScheduleAndEnvironment() {
        assertThat(withVariablesExit).isEqualTo(1);
        JsonNode ingest = dag(withVariables, "market_data_daily").path("rendered").path("ingest");
        assertThat(strings(ingest.path("spark_submit")))
                .contains(
                        "spark.driver.extraJavaOptions=-Dalgotrader.home=/srv/algo-trader"
                                + " -Dalgotrader.sample-data=/usr/local/algo-trader/target/sample-data",
                        "/srv/jars/algo-trader-spark-0.1.jar")
                .endsWith("ingest", "--env", "live");
        JsonNode verify =
                dag(withVariables, "trader_deploy").path("rendered").path("verify_running");
        assertThat(verify.path("bash_command").asText())
                .isEqualTo(
                        "/usr/local/algo-trader/bin/algo-trader trader status --cluster"
                                + " --require-running --env live");
        assertThat(verify.path("env").path("ALGOTRADER_HOME").asText())
                .isEqualTo("/srv/algo-trader");
        // an empty schedule Variable: triggered runs only, and then no SLA (Airflow would not
        // check it)
        JsonNode market = dag(withVariables, "market_data_daily");
        assertThat(market.path("schedule").isNull()).as(market.toString()).isTrue();
        market.path("tasks").forEach(t -> assertThat(t.path("sla").isNull()).isTrue());
        assertThat(dag(withVariables, "research_weekly").path("schedule").asText())
                .isEqualTo("0 3 * * 0");
        assertThat(dag(withVariables, "trader_deploy").path("conf_error").asText())
                .contains("Invalid input for param env");
    }

    @Test
    void aRunConfOverridesTheParamsAndEveryRenderedCommandParsesInTheCli() {
        assertThat(args(plain, "market_data_daily", "ingest", "rendered_conf"))
                .containsExactly(
                        "ingest",
                        "--symbols=BTC/USD",
                        "--from=2013-11-25",
                        "--to=2013-11-27",
                        "--env",
                        "local");
        assertThat(args(plain, "market_data_daily", "features", "rendered_conf"))
                .containsExactly("features", "--full", "--env", "local");
        assertThat(args(plain, "research_weekly", "auto_train", "rendered_conf"))
                .containsExactly(
                        "auto-train",
                        "--symbol=BTC/USD",
                        "--models=gbt",
                        "--trials=3",
                        "--metric=auc",
                        "--env",
                        "paper");
        assertThat(args(plain, "research_weekly", "evaluate", "rendered_conf"))
                .containsExactly("models", "--model=btc-usd_1m_trees", "--env", "paper");
        assertThat(
                        dag(plain, "trader_deploy")
                                .path("rendered_conf")
                                .path("restart_trader")
                                .path("bash_command")
                                .asText())
                .endsWith("trader restart --cluster --env live");
        int parsed = 0;
        for (String d : List.of("market_data_daily", "research_weekly")) {
            for (String which : List.of("rendered", "rendered_conf")) {
                var tasks = dag(plain, d).path(which).fields();
                while (tasks.hasNext()) {
                    var t = tasks.next();
                    List<String> a = strings(t.getValue().path("application_args"));
                    // throws if a command or flag does not exist or a value does not convert
                    CommandLine.ParseResult r =
                            new CommandLine(new Main()).parseArgs(a.toArray(String[]::new));
                    assertThat(r.hasSubcommand()).as(d + "." + t.getKey()).isTrue();
                    parsed++;
                }
            }
        }
        assertThat(parsed).isEqualTo(10);
    }
}
