package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.ResearchJobs;
import dev.algotrader.ml.tracking.PendingRunEnds;
import dev.algotrader.ml.tracking.RunRepair;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models}: the registry's versions with aliases and metrics; {@code --repair} runs. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List registered model versions with aliases, model type, walk-forward and holdout"
                    + " metrics.",
            "With --repair: close the runs a crash left RUNNING on the MLflow server (marked"
                    + " FAILED with an end time): run ends remembered while the server was gone,"
                    + " runs whose process on this host is gone, and runs of other hosts older"
                    + " than algotrader.research.mlflow.orphan-after."
        })
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Only this registered model.")
    String model;

    @Option(
            names = "--repair",
            description = "Mark runs left RUNNING by a crashed process FAILED (see above).")
    boolean repair;

    @Option(
            names = "--dry-run",
            description = "With --repair: list what would be repaired, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        if (dryRun && !repair) throw new UserError("--dry-run goes with --repair");
        if (repair) return repair(ctx);
        ctx.out().println(ResearchJobs.models(ctx.config(), model, ctx.events()));
        return 0;
    }

    private int repair(CliContext ctx) {
        AppConfig app = ctx.config();
        ResearchConfig.Mlflow m = ResearchConfig.from(app).mlflow();
        if (m.trackingUri().isBlank()) {
            throw new UserError(
                    "--repair works against an MLflow tracking server: set MLFLOW_TRACKING_URI"
                            + " (the local store's runs are closed by the command that ran them)");
        }
        PendingRunEnds pending = PendingRunEnds.under(app.dataRoot());
        int pendingBefore = pending.total();
        RunRepair.Result r;
        try (TrackingStore store = Tracking.open(m, null, ctx.clock())) {
            r = new RunRepair(ctx.clock(), m.orphanAfter()).repair(store, dryRun);
            int closed = pendingBefore - pending.total();
            String verb = dryRun ? "would mark" : "marked";
            ctx.out()
                    .println(
                            "repair of "
                                    + store.describe()
                                    + ": closed "
                                    + closed
                                    + " run end(s) remembered while the server was gone; "
                                    + verb
                                    + " "
                                    + r.orphans().size()
                                    + " orphaned run(s) FAILED; "
                                    + r.stillRunning()
                                    + " run(s) still running");
            for (RunRepair.Orphan o : r.orphans()) {
                ctx.out()
                        .println(
                                "  "
                                        + o.runId()
                                        + " ("
                                        + o.runName()
                                        + ", experiment "
                                        + o.experimentId()
                                        + "): "
                                        + o.reason());
            }
            if (!dryRun) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("tracking", store.describe());
                d.put("pending_closed", closed);
                d.put("orphans_failed", r.orphans().size());
                d.put(
                        "runs",
                        String.join(
                                ",", r.orphans().stream().map(RunRepair.Orphan::runId).toList()));
                ctx.events().append("researcher", "runs.repaired", "-", d);
            }
        }
        return 0;
    }
}
