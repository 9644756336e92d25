package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.ml.ResearchJobs;
import dev.algotrader.ml.TrainRequest;
import dev.algotrader.ml.TrainResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code auto-train}: grid or random search over RF and GBT, refit, holdout, promotion rule; then
 * (unless {@code algotrader.research.auto-train.sequence-models = false}) the LSTM, attention model
 * and ensemble on the same folds and holdout, each through the same rule, and one holdout table of
 * every model and the baselines.
 */
@Command(
        name = "auto-train",
        mixinStandardHelpOptions = true,
        description =
                "Hyperparameter search (grid or seeded random) over the configured models, ranked"
                        + " by the walk-forward metric; the winner is refit, evaluated once on the"
                        + " holdout, registered and promoted if it beats the champion. Then the"
                        + " sequence models (LSTM, attention) and the ensemble, on the same folds"
                        + " and holdout under the same rule, and a holdout table of every model"
                        + " against the baselines.")
public final class AutoTrainCommand extends JobCommand {

    @Option(names = "--search", paramLabel = "random|grid", description = "Search method.")
    String search;

    @Option(names = "--trials", description = "Random-search trials per model.")
    Integer trials;

    @Option(
            names = "--metric",
            paramLabel = "log_loss|auc|f1",
            description = "Selection metric (walk-forward mean).")
    String metric;

    @Option(
            names = "--models",
            split = ",",
            paramLabel = "rf,gbt",
            description = "Model families to search.")
    List<String> models;

    @Option(names = "--symbol", description = "Symbol (default: algotrader.research.symbol).")
    String symbol;

    @Option(names = "--interval", description = "Bar interval (default: research.interval).")
    String interval;

    @Option(names = "--seed", description = "Random seed (default: research.seed).")
    Long seed;

    @Override
    protected String jobName() {
        return "auto-train";
    }

    @Override
    protected String actor() {
        return "researcher";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        TrainRequest req =
                TrainRequest.defaults()
                        .withSeed(seed)
                        .withSeries(symbol, interval)
                        .withSearch(search, trials, metric, models);
        TrainResult r =
                ResearchJobs.autoTrain(
                        SparkSessions.getOrCreate(ctx.config()), ctx.config(), req, ctx.events());
        Progress.line(r.render());
        Progress.line(
                "report: " + ResearchJobs.reportFile(ctx.config(), r.runId()).toAbsolutePath());
        return ResearchSummaries.of("auto-train", runId, r);
    }
}
