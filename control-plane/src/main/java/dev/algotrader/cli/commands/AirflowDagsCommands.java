package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.ControlSettings;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.airflow.AirflowClient;
import dev.algotrader.cli.airflow.AirflowClient.Dag;
import dev.algotrader.cli.airflow.AirflowClient.DagRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airflow list}, {@code airflow pause DAG}, {@code airflow unpause DAG}. */
final class AirflowDagsCommands {

    private AirflowDagsCommands() {}

    /** {@code airflow list [--all]}: DAGs, paused state, schedule and last run. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "List the project's DAGs (tag algo-trader; --all for every DAG) with their"
                            + " paused state, schedule and last run (state, logical date, run id).")
    static final class ListDags implements Callable<Integer> {
        @Option(names = "--all", description = "Every DAG Airflow knows, not only algo-trader's.")
        boolean all;

        @Mixin AirflowCommand.Connection connection = new AirflowCommand.Connection();

        @Override
        public Integer call() {
            CliContext ctx = Main.currentContext();
            ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
            AirflowClient client = connection.client(ctx, a);
            List<Dag> dags = client.dags(all ? null : "algo-trader");
            if (dags.isEmpty()) {
                ctx.out()
                        .println(
                                "no "
                                        + (all ? "" : "algo-trader ")
                                        + "DAGs in Airflow at "
                                        + (connection.url != null ? connection.url : a.baseUrl())
                                        + ": is airflow-dags/ the scheduler's dags_folder?");
                return 0;
            }
            String fmt = "%-22s %-7s %-12s %s%n";
            ctx.out().printf(fmt, "DAG", "PAUSED", "SCHEDULE", "LAST RUN");
            for (Dag d : dags) {
                Optional<DagRun> last = client.lastRun(d.dagId());
                String lastText =
                        last.map(r -> r.state() + " " + r.logicalDate() + " (" + r.runId() + ")")
                                .orElse("-");
                String name =
                        d.dagId()
                                + (d.importErrors() ? " (import errors)" : "")
                                + (d.active() ? "" : " (inactive)");
                ctx.out()
                        .printf(
                                fmt,
                                name,
                                d.paused() ? "yes" : "no",
                                d.schedule() == null ? "manual" : d.schedule(),
                                lastText);
            }
            return 0;
        }
    }

    /** {@code airflow pause DAG}. */
    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description =
                    "Pause DAG: the scheduler creates no scheduled runs and starts no queued"
                            + " ones until it is unpaused (running tasks finish).")
    static final class Pause implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG", description = "DAG id.")
        String dagId;

        @Mixin AirflowCommand.Connection connection = new AirflowCommand.Connection();

        @Override
        public Integer call() {
            return setPaused(connection, dagId, true);
        }
    }

    /** {@code airflow unpause DAG}. */
    @Command(
            name = "unpause",
            mixinStandardHelpOptions = true,
            description = "Unpause DAG: scheduled and queued runs start again.")
    static final class Unpause implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DAG", description = "DAG id.")
        String dagId;

        @Mixin AirflowCommand.Connection connection = new AirflowCommand.Connection();

        @Override
        public Integer call() {
            return setPaused(connection, dagId, false);
        }
    }

    static int setPaused(AirflowCommand.Connection connection, String dagId, boolean paused) {
        CliContext ctx = Main.currentContext();
        ControlSettings.Airflow a = ControlSettings.from(ctx.config()).airflow();
        AirflowClient client = connection.client(ctx, a);
        boolean was = client.dag(dagId).paused();
        Dag now = client.setPaused(dagId, paused);
        String verb = paused ? "paused" : "unpaused";
        ctx.events()
                .append(
                        "orchestrator",
                        "airflow." + verb,
                        dagId,
                        Map.of("dag_id", dagId, "was_paused", was));
        ctx.out()
                .println(
                        (was == paused ? dagId + " was already " + verb : verb + " " + dagId)
                                + " (paused: "
                                + (now.paused() ? "yes" : "no")
                                + ")");
        return 0;
    }
}
