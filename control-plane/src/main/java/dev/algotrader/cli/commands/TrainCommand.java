package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.ml.ResearchJobs;
import dev.algotrader.ml.TrainRequest;
import dev.algotrader.ml.TrainResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: one RF or GBT with walk-forward validation, tracked in MLflow, maybe promoted. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train one model (gbt|rf) on silver/features + gold/labels with walk-forward"
                        + " validation; log it to MLflow, register it and promote it to champion if"
                        + " it beats the current one on the holdout.")
public final class TrainCommand extends JobCommand {

    @Option(names = "--model", paramLabel = "gbt|rf", description = "Model family.")
    String model;

    @Option(
            names = "--param",
            paramLabel = "NAME=VALUE",
            description = "Hyperparameter (MLlib name), e.g. --param maxDepth=4.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--symbol", description = "Symbol (default: algotrader.research.symbol).")
    String symbol;

    @Option(names = "--interval", description = "Bar interval (default: research.interval).")
    String interval;

    @Option(names = "--seed", description = "Random seed (default: research.seed).")
    Long seed;

    @Override
    protected String jobName() {
        return "train";
    }

    @Override
    protected String actor() {
        return "researcher";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        TrainRequest req =
                TrainRequest.defaults()
                        .withModel(model)
                        .withParams(params)
                        .withSeed(seed)
                        .withSeries(symbol, interval);
        TrainResult r =
                ResearchJobs.train(
                        SparkSessions.getOrCreate(ctx.config()), ctx.config(), req, ctx.events());
        Progress.line(r.render());
        Progress.line(
                "report: " + ResearchJobs.reportFile(ctx.config(), r.runId()).toAbsolutePath());
        return ResearchSummaries.of("train", runId, r);
    }
}
