package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.ingest.IngestJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.cli.Main;
import dev.algotrader.core.config.AppConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code refresh}: ingest → features → labels in one Spark application. Each step is the job its
 * own command runs (same tables, audit events and summary line, one run id each); what the three
 * share is the start-up of the JVM, Spark and Delta, which is most of a small increment's time.
 */
@Command(
        name = "refresh",
        mixinStandardHelpOptions = true,
        description =
                "Ingest (the same options as ingest), then compute the new features and labels,"
                        + " in one Spark application: what ingest, features and labels do one"
                        + " after the other, without starting Spark three times. Stops at the"
                        + " first step that fails.")
public final class RefreshCommand implements Callable<Integer> {

    private static final String ACTOR = "data-steward";

    @Mixin IngestInput input;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = Main.currentContext();
        AppConfig config = ctx.config();
        // the input options are checked before Spark starts
        var request = input.request(config);
        var selection = input.selection();
        JobCommand.run(
                ctx,
                "ingest",
                ACTOR,
                runId ->
                        IngestJob.run(
                                spark(config), config, request, selection, ctx.clock(), runId));
        JobCommand.run(
                ctx,
                "features",
                ACTOR,
                runId -> FeaturesJob.run(spark(config), config, false, runId));
        JobCommand.run(
                ctx, "labels", ACTOR, runId -> LabelsJob.run(spark(config), config, false, runId));
        return 0;
    }

    private static SparkSession spark(AppConfig config) {
        return SparkSessions.getOrCreate(config);
    }
}
