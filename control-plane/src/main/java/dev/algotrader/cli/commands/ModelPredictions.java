package dev.algotrader.cli.commands;

import dev.algotrader.cli.UserError;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.predict.HoldoutPredictor;
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
            Lake lake,
            Registry registry,
            ResearchConfig rc,
            String explicitModel,
            String ref,
            List<String> symbols,
            String interval,
            boolean always) {
        if (!lake.reader().exists(Table.FEATURES)) {
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
            long rows = count(lake.reader(), model, rv.version(), symbol, interval);
            boolean scored = false;
            if (always || rows == 0) {
                rows =
                        HoldoutPredictor.run(
                                        lake.reader(),
                                        lake::spark,
                                        registry,
                                        model,
                                        rv.version(),
                                        symbol,
                                        interval)
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

    /** The rows of every entry from gold/predictions (read through Delta Kernel). */
    static Predictions read(LakeReader lake, List<Entry> entries, String interval) {
        Predictions p = Predictions.none();
        if (!lake.exists(Table.PREDICTIONS)) return p;
        for (Entry e : entries) {
            lake.scan(
                    Table.PREDICTIONS.path(),
                    of(e.model(), e.version(), e.symbol(), interval),
                    List.of("symbol", "ts", "probability_up"),
                    r ->
                            p.put(
                                    r.getString("symbol"),
                                    r.getLong("ts"),
                                    r.getDouble("probability_up")));
        }
        return p;
    }

    /** Rows of {@code model} v{@code version} for {@code symbol} (0 without a table). */
    static long count(
            LakeReader lake, String model, String version, String symbol, String interval) {
        if (!lake.exists(Table.PREDICTIONS)) return 0;
        long[] n = {0};
        lake.scan(
                Table.PREDICTIONS.path(),
                of(model, version, symbol, interval),
                List.of("ts"),
                r -> n[0]++);
        return n[0];
    }

    private static LakeFilter of(String model, String version, String symbol, String interval) {
        return LakeFilter.all()
                .eq("model", model)
                .eq("version", version)
                .eq("symbol", symbol)
                .eq("interval", interval);
    }
}
