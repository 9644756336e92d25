package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code features}: silver/bars → silver/features, incremental from the saved engine state. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description =
                "Compute silver/features from silver/bars (only new bars, continuing from the saved"
                        + " engine state; --full recomputes everything).")
public final class FeaturesCommand extends JobCommand {

    @Option(names = "--full", description = "Recompute every symbol from its first bar.")
    boolean full;

    @Override
    protected String jobName() {
        return "features";
    }

    @Override
    protected String actor() {
        return "data-steward";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        return FeaturesJob.run(SparkSessions.getOrCreate(ctx.config()), ctx.config(), full, runId);
    }
}
