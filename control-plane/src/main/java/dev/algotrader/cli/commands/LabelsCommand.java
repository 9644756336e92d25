package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labels}: silver/bars → gold/labels. */
@Command(
        name = "labels",
        mixinStandardHelpOptions = true,
        description =
                "Compute gold/labels from silver/bars: forward log return over the horizon and"
                        + " UP/DOWN/FLAT (algotrader.labels.*); only the bars whose horizon new"
                        + " data reaches, --full relabels everything.")
public final class LabelsCommand extends JobCommand {

    @Option(
            names = "--full",
            description = "Relabel every bar (after corrections of old bars' values).")
    boolean full;

    @Override
    protected String jobName() {
        return "labels";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        return LabelsJob.run(SparkSessions.getOrCreate(ctx.config()), ctx.config(), full, runId);
    }
}
