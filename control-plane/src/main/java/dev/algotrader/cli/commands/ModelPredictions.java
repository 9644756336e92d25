package dev.algotrader.cli.commands;

import dev.algotrader.cli.UserError;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.predict.HoldoutPredictor;
import dev.algotrader.ml.predict.PredictionsTable;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The out-of-sample scores of a registered model per symbol, shared by {@code predict} (always
 * scores) and {@code backtest --strategy model} (scores only a version/symbol that has no rows in
 * {@code gold/predictions} yet, then reads the table).
 */
final class ModelPredictions {

    private ModelPredictions() {}

    /** One symbol's model version, its holdout start and its rows in gold/predictions. */
    record Entry(
            String symbol,
            String model,
            String version,
            String runId,
            String modelType,
            long holdoutFromTs,
            long rows,
            boolean scoredNow) {}

    /** The registered model of a symbol: {@code --model}, else the research naming rule. */
    static String modelName(ResearchConfig rc, String explicit, String symbol, String interval) {
        return explicit != null
                ? explicit
                : ResearchConfig.registeredModelName(symbol, interval, rc.strategy());
    }

    /**
     * Resolves {@code ref} (alias or version) of each symbol's model and scores it into
     * gold/predictions when {@code always} or when it has no rows there yet.
     */
    static List<Entry> ensure(
            DeltaStore store,
            Registry registry,
            ResearchConfig rc,
            String explicitModel,
            String ref,
            List<String> symbols,
            String interval,
            boolean always) {
        if (!store.exists(Table.FEATURES)) {
            throw new UserError(
                    "scoring a model needs silver/features and a trained model: run 'algo-trader"
                            + " features', 'labels' and 'train' first");
        }
        List<Entry> out = new ArrayList<>();
        for (String symbol : symbols) {
            String model = modelName(rc, explicitModel, symbol, interval);
            if (!ref.matches("\\d+") && registry.aliasVersion(model, ref).isEmpty()) {
                throw new UserError(
                        "model "
                                + model
                                + " has no @"
                                + ref
                                + " in "
                                + registry.store().describe()
                                + "; run 'algo-trader train' first (or backtest sma-cross)");
            }
            HoldoutPredictor.ResolvedVersion rv = HoldoutPredictor.resolve(registry, model, ref);
            long rows = PredictionsTable.count(store, model, rv.version(), symbol, interval);
            boolean scored = false;
            if (always || rows == 0) {
                rows =
                        HoldoutPredictor.run(store, registry, model, rv.version(), symbol, interval)
                                .rows();
                scored = true;
            }
            out.add(
                    new Entry(
                            symbol,
                            model,
                            rv.version(),
                            rv.runId(),
                            rv.modelType(),
                            rv.holdoutFromTs(),
                            rows,
                            scored));
        }
        return out;
    }

    /** The rows of every entry from gold/predictions. */
    static Predictions read(DeltaStore store, List<Entry> entries, String interval) {
        Predictions p = Predictions.none();
        for (Entry e : entries) {
            PredictionsTable.readInto(
                    p, store, e.model(), e.version(), List.of(e.symbol()), interval);
        }
        return p;
    }
}
