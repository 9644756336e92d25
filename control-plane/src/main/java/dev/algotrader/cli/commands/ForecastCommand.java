package dev.algotrader.cli.commands;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.ml.Forecasting;
import dev.algotrader.ml.TrainRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forecast}: the Forecaster on its own — the DL4J sequence models (LSTM, attention) with
 * walk-forward validation, one holdout evaluation each, tracking, registration and the champion
 * rule. {@code auto-train} runs the same step after the tree search, plus the stacked ensemble
 * (which needs the tree model as a base).
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description =
                "Train the sequence models (algotrader.forecaster.models: LSTM, attention) with"
                        + " walk-forward validation over the research split, evaluate each once on"
                        + " the holdout, register them and apply the champion rule (decided on the"
                        + " last walk-forward fold). Prints walk-forward and holdout log loss and"
                        + " AUC per model. The stacked ensemble needs a tree base: auto-train.")
public final class ForecastCommand extends JobCommand {

    @Option(names = "--symbol", description = "Symbol (default: algotrader.research.symbol).")
    String symbol;

    @Option(names = "--interval", description = "Bar interval (default: research.interval).")
    String interval;

    @Override
    protected String jobName() {
        return "forecast";
    }

    @Override
    protected String actor() {
        return "researcher";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) {
        TrainRequest req = TrainRequest.defaults().withSeries(symbol, interval);
        Forecasting.ForecastResult r =
                Forecasting.forecast(
                        SparkSessions.getOrCreate(ctx.config()), ctx.config(), req, ctx.events());
        Progress.line(r.render());
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, String> models = new LinkedHashMap<>();
        r.published().forEach(p -> models.put(p.modelType(), p.version()));
        d.put("models", models);
        d.put("promoted", r.published().stream().anyMatch(p -> p.decision().promoted()));
        d.put("tracking", r.trackingLocation());
        return new JobSummary("forecast", runId, r.rows(), 1, 0, d);
    }
}
