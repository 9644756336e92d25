package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.Tracking;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code predict}: scores {@code silver/features} with a registered model version (the champion by
 * default) from the start of its holdout on and MERGEs the scores into {@code gold/predictions},
 * what {@code backtest --strategy model} replays.
 */
@Command(
        name = "predict",
        description =
                "Score silver/features with a registered model version (default @champion) from its"
                        + " holdout start on (bars it never trained on) into gold/predictions;"
                        + " any model type (trees, lstm/attention, ensemble). Re-running replaces"
                        + " that version's rows.")
public final class PredictCommand extends JobCommand {

    // no mixinStandardHelpOptions: its --version would clash with the model --version
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message.")
    boolean help;

    @Option(
            names = "--model",
            description =
                    "Registered model (default: <symbol>_<interval>_<research.strategy>, e.g."
                            + " btc-usd_1m_trees).")
    String model;

    @Option(
            names = "--version",
            paramLabel = "N|ALIAS",
            description = "Version number or alias (default: research.promotion.alias).")
    String version;

    @Option(
            names = "--symbol",
            split = ",",
            description = "Symbol(s) (default: algotrader.research.symbol).")
    List<String> symbols;

    @Option(names = "--interval", description = "Bar interval (default: research.interval).")
    String interval;

    @Override
    protected String jobName() {
        return "predict";
    }

    @Override
    protected String actor() {
        return "backtester";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        AppConfig app = ctx.config();
        ResearchConfig rc = ResearchConfig.from(app);
        String iv = interval != null ? interval : rc.interval();
        List<String> syms = symbols != null ? symbols : List.of(rc.symbol());
        String ref = version != null ? version : rc.promotion().alias();
        Lake lake = Lake.of(app);
        List<ModelPredictions.Entry> entries;
        try (TrackingStore ts = Tracking.open(rc.mlflow(), null, ctx.clock())) {
            Registry reg = new Registry(ts, ctx.events());
            entries = ModelPredictions.ensure(lake, reg, rc, model, ref, syms, iv, true);
        }
        long rows = 0;
        for (ModelPredictions.Entry e : entries) {
            rows += e.rows();
            ctx.out()
                    .printf(
                            "%s v%s (%s): %,d %s bars of %s scored from the holdout start %s%n",
                            e.model(),
                            e.version(),
                            e.modelType().isEmpty() ? "model" : e.modelType(),
                            e.rows(),
                            iv,
                            e.symbol(),
                            Instant.ofEpochMilli(e.holdoutFromTs()));
        }
        ctx.out().println("rows in " + lake.root().resolve(Table.PREDICTIONS.path()));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", entries.get(0).model());
        d.put("version", entries.get(0).version());
        d.put("symbols", String.join(",", syms));
        d.put("predictions_version", lake.reader().version(Table.PREDICTIONS));
        return new JobSummary("predict", runId, rows, rows, 0, d);
    }
}
