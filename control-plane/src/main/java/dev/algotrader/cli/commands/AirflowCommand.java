package dev.algotrader.cli.commands;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.ControlSettings;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.airflow.AirflowClient;
import dev.algotrader.cli.airflow.AirflowClient.DagRun;
import dev.algotrader.cli.airflow.DagRunIds;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code airflow list|pause|unpause|trigger|status|wait}: drive the project's DAGs over Airflow's
 * REST API.
 */
@Command(
        name = "airflow",
        mixinStandardHelpOptions = true,
        description =
                "List, pause, trigger and follow the project's Airflow DAGs over the stable REST API"
                        + " (URL from algotrader.control.airflow.base-url or AIRFLOW_BASE_URL,"
                        + " credentials from AIRFLOW_USERNAME/AIRFLOW_PASSWORD).",
        subcommands = {
            AirflowDagsCommands.ListDags.class,
            AirflowDagsCommands.Pause.class,
            AirflowDagsCommands.Unpause.class,
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

    /** {@code airflow trigger DAG [--conf JSON] [--key K | --run-id ID] [--unpause] [--wait]}. */
    @Command(
            name = "trigger",
            mixinStandardHelpOptions = true,
            description = {
                "Start a run of DAG (market_data_daily, research_weekly, trader_deploy) with the"
                        + " run conf JSON, which overrides the DAG's params, e.g. --conf"
                        + " '{\"symbols\": [\"BTC/USD\"]}'.",
                "The run id is algo-trader__<key>__<hash of DAG, conf and key>; the key is --key,"
                        + " else the current UTC minute. The same trigger repeated (a retry after"
                        + " an error) finds its run and reports it instead of starting another;"
                        + " pass distinct --key values to start identical runs on purpose.",
                "A paused DAG is refused (its run would wait forever) unless --unpause is given."
            })
    public static final class Trigger implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG", description = "DAG id.")
        String dagId;

        @Option(
                names = "--conf",
                paramLabel = "JSON",
                description = "Run configuration object (overrides the DAG's params).")
        String conf;

        @Option(
                names = "--key",
                description =
                        "Idempotency key of the run id (default: the UTC minute), e.g. a job id or"
                                + " a business date; letters, digits and _ . ~ : + -.")
        String key;

        @Option(
                names = "--run-id",
                description = "Exact run id instead of the derived one (overrides --key).")
        String runId;

        @Option(names = "--unpause", description = "Unpause the DAG first if it is paused.")
        boolean unpause;

        @Option(names = "--wait", description = "Wait for the run to finish; exit 1 if it failed.")
        boolean await;

        @picocli.CommandLine.Mixin Connection connection = new Connection();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
            Map<String, Object> confMap = parseConf(conf);
            String id =
                    runId != null && !runId.isBlank()
                            ? runId
                            : DagRunIds.of(dagId, confMap, key, ctx.clock().instant());
            AirflowClient client = connection.client(ctx, a);
            AirflowClient.Dag dag = client.dag(dagId);
            if (dag.paused()) {
                if (!unpause) {
                    throw new UserError(
                            "DAG "
                                    + dagId
                                    + " is paused, so a run would stay queued: unpause it with"
                                    + " 'algo-trader airflow unpause "
                                    + dagId
                                    + "' or trigger with --unpause");
                }
                client.setPaused(dagId, false);
                ctx.events()
                        .append(
                                "orchestrator",
                                "airflow.unpaused",
                                dagId,
                                Map.of("dag_id", dagId, "by", "trigger --unpause"));
                ctx.out().println("unpaused " + dagId);
            }
            DagRun run = client.trigger(dagId, id, confMap);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("dag_id", dagId);
            details.put("dag_run_id", run.runId());
            details.put("state", run.state());
            details.put("conf", confMap);
            details.put("existing", run.alreadyExisted());
            ctx.events().append("orchestrator", "airflow.triggered", run.runId(), details);
            ctx.out()
                    .println(
                            (run.alreadyExisted()
                                            ? "already triggered (the run this same trigger"
                                                    + " created earlier) "
                                            : "triggered ")
                                    + describe(run));
            if (!await) return 0;
            return Wait.await(ctx, client, a, dagId, run.runId(), null);
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
