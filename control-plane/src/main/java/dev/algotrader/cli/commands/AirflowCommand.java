package dev.algotrader.cli.commands;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.ControlSettings;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.airflow.AirflowClient;
import dev.algotrader.cli.airflow.AirflowClient.DagRun;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airflow trigger|status|wait}: drive the project's DAGs over Airflow's REST API. */
@Command(
        name = "airflow",
        mixinStandardHelpOptions = true,
        description =
                "Trigger and follow the project's Airflow DAGs over the stable REST API"
                        + " (credentials from AIRFLOW_USERNAME/AIRFLOW_PASSWORD).",
        subcommands = {
            AirflowCommand.Trigger.class,
            AirflowCommand.Status.class,
            AirflowCommand.Wait.class
        })
public final class AirflowCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Options shared by the subcommands. */
    static class Connection {
        @Option(
                names = "--url",
                description =
                        "Airflow webserver base URL (default: algotrader.control.airflow.base-url,"
                                + " or AIRFLOW_BASE_URL).")
        URI url;

        AirflowClient client(CliContext ctx, ControlSettings.Airflow a) {
            URI base = url != null ? url : a.baseUrl();
            return AirflowClient.create(
                    base,
                    ctx.env().get("AIRFLOW_USERNAME"),
                    ctx.env().get("AIRFLOW_PASSWORD"),
                    a.maxAttempts(),
                    a.retryBackoff(),
                    a.requestTimeout(),
                    d -> Thread.sleep(d.toMillis()));
        }
    }

    static String describe(DagRun r) {
        return String.format(
                "%s %s: %s (logical date %s, started %s, ended %s)",
                r.dagId(),
                r.runId(),
                r.state(),
                r.logicalDate(),
                r.startDate() == null ? "-" : r.startDate(),
                r.endDate() == null ? "-" : r.endDate());
    }

    /** {@code airflow trigger DAG [--conf JSON] [--run-id ID] [--wait]}. */
    @Command(
            name = "trigger",
            mixinStandardHelpOptions = true,
            description = "Start a run of DAG (market_data_daily, research_weekly, trader_deploy).")
    public static final class Trigger implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG", description = "DAG id.")
        String dagId;

        @Option(names = "--conf", paramLabel = "JSON", description = "Run configuration object.")
        String conf;

        @Option(
                names = "--run-id",
                description = "Run id (default: algo-trader__<UTC time>); reusing one is an error.")
        String runId;

        @Option(names = "--wait", description = "Wait for the run to finish; exit 1 if it failed.")
        boolean await;

        @picocli.CommandLine.Mixin Connection connection = new Connection();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
            Map<String, Object> confMap = parseConf(conf);
            String id =
                    runId != null
                            ? runId
                            : "algo-trader__" + RUN_ID_TIME.format(ctx.clock().instant());
            DagRun run = connection.client(ctx, a).trigger(dagId, id, confMap);
            if (run.alreadyExisted()) {
                throw new UserError(
                        "DAG run "
                                + dagId
                                + "/"
                                + id
                                + " already exists (state "
                                + run.state()
                                + "): pick another --run-id, or follow it with 'algo-trader airflow"
                                + " wait "
                                + dagId
                                + " "
                                + id
                                + "'");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("dag_id", dagId);
            details.put("dag_run_id", run.runId());
            details.put("state", run.state());
            ctx.events().append("orchestrator", "airflow.triggered", run.runId(), details);
            ctx.out().println("triggered " + describe(run));
            if (!await) return 0;
            return Wait.await(ctx, connection.client(ctx, a), a, dagId, run.runId(), null);
        }

        static Map<String, Object> parseConf(String conf) {
            if (conf == null || conf.isBlank()) return Map.of();
            try {
                return JSON.readValue(conf, new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (Exception e) {
                throw new UserError(
                        "--conf must be a JSON object, e.g. '{\"symbols\":[\"BTC-USD\"]}': "
                                + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** {@code airflow status DAG RUN_ID}. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Print the state of one DAG run.")
    public static final class Status implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG")
        String dagId;

        @Parameters(index = "1", paramLabel = "RUN_ID")
        String runId;

        @picocli.CommandLine.Mixin Connection connection = new Connection();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
            ctx.out().println(describe(connection.client(ctx, a).get(dagId, runId)));
            return 0;
        }
    }

    /** {@code airflow wait DAG RUN_ID}: exit 0 on success, 1 on failure. */
    @Command(
            name = "wait",
            mixinStandardHelpOptions = true,
            description = "Wait until a DAG run succeeds (exit 0) or fails (exit 1).")
    public static final class Wait implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG")
        String dagId;

        @Parameters(index = "1", paramLabel = "RUN_ID")
        String runId;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description =
                        "Give up after this long (default: algotrader.control.airflow.wait-timeout-s).")
        Long timeoutSeconds;

        @picocli.CommandLine.Mixin Connection connection = new Connection();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
            return await(
                    ctx,
                    connection.client(ctx, a),
                    a,
                    dagId,
                    runId,
                    timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
        }

        static int await(
                CliContext ctx,
                AirflowClient client,
                ControlSettings.Airflow a,
                String dagId,
                String runId,
                Duration timeout) {
            DagRun done =
                    client.waitFor(
                            dagId,
                            runId,
                            a.pollInterval(),
                            timeout == null ? a.waitTimeout() : timeout,
                            ctx.clock(),
                            d -> Thread.sleep(d.toMillis()),
                            r -> ctx.out().println(describe(r)));
            ctx.events()
                    .append(
                            "orchestrator",
                            "airflow.run-finished",
                            runId,
                            Map.of("dag_id", dagId, "dag_run_id", runId, "state", done.state()));
            return "success".equals(done.state()) ? 0 : Main.EXIT_FAILURE;
        }
    }
}
