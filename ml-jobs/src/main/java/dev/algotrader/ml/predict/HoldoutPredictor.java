package dev.algotrader.ml.predict;

import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.scoring.ScoreWindow;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.LakeRow;
import dev.algotrader.ml.ResearchException;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores {@code silver/features} of one symbol with a registered model version from the start of
 * that version's holdout on (bars the model never trained on) and writes the scores to {@code
 * gold/predictions}. Any model type works: the scorer comes from {@link RegistryScorers#load}; a
 * sequence model ({@code window() > 1}) gets the last {@code window} warm rows of the symbol,
 * oldest first, where the rows before the holdout start only serve as inputs.
 */
public final class HoldoutPredictor {

    private static final Logger LOG = LoggerFactory.getLogger(HoldoutPredictor.class);

    /** Tag (on the model version, else on its run) with the holdout's first bar time. */
    public static final String HOLDOUT_FROM_TAG = "holdout.from_ts";

    /** {@code fold} value of the rows this job writes. */
    public static final String FOLD = "holdout";

    private HoldoutPredictor() {}

    /** What one call scored and wrote. */
    public record Result(
            String model,
            String version,
            String modelType,
            String symbol,
            String interval,
            long holdoutFromTs,
            int window,
            long rows,
            long deltaVersion) {}

    /** A model version resolved from an alias or a number, with its holdout start. */
    public record ResolvedVersion(
            String model, String version, String runId, String modelType, long holdoutFromTs) {}

    /**
     * The version {@code aliasOrVersion} of {@code model} (an alias such as {@code champion} or a
     * version number) and its holdout start, taken from the version's {@code holdout.from_ts} tag,
     * else from its run's tag.
     */
    public static ResolvedVersion resolve(Registry registry, String model, String aliasOrVersion) {
        TrackingStore store = registry.store();
        RegisteredVersion v =
                registry.version(
                        model,
                        aliasOrVersion,
                        "run 'algo-trader train' (or promote a version) first");
        String version = v.version();
        String hf = v.tags().get(HOLDOUT_FROM_TAG);
        if (hf == null && v.runId() != null && !v.runId().isEmpty()) {
            hf = store.runTags(v.runId()).get(HOLDOUT_FROM_TAG);
        }
        if (hf == null) {
            throw new ResearchException(
                    "model "
                            + model
                            + " v"
                            + version
                            + " has no "
                            + HOLDOUT_FROM_TAG
                            + " tag (neither on the version nor on its run), so its out-of-sample"
                            + " bars are unknown: retrain it with 'algo-trader train'");
        }
        return new ResolvedVersion(
                model,
                version,
                v.runId(),
                v.tags().getOrDefault("model_type", ""),
                Long.parseLong(hf.trim()));
    }

    /**
     * Scores {@code symbol}'s {@code interval} features with {@code model} at {@code
     * aliasOrVersion} from its holdout start on and MERGEs them into {@code gold/predictions}
     * (replacing that version's earlier rows of the symbol).
     */
    public static Result run(
            DeltaStore store,
            Registry registry,
            String model,
            String aliasOrVersion,
            String symbol,
            String interval) {
        return run(
                new LakeReader(store.root()),
                () -> store,
                registry,
                model,
                aliasOrVersion,
                symbol,
                interval);
    }

    /**
     * {@link #run(DeltaStore, Registry, String, String, String, String)} with the feature rows read
     * through Delta Kernel and the scores written without Spark where the MERGE would only insert
     * rows or change none ({@link PredictionsTable#replace(LakeReader, Supplier, String, String,
     * String, String, List)}); {@code spark} is asked for a store only otherwise. The scorer never
     * needs Spark: trees are scored from their portable export, sequence models by DL4J.
     */
    public static Result run(
            LakeReader lake,
            Supplier<DeltaStore> spark,
            Registry registry,
            String model,
            String aliasOrVersion,
            String symbol,
            String interval) {
        if (!lake.exists(Table.FEATURES)) {
            throw new ResearchException(
                    "no silver/features below "
                            + lake.root()
                            + ": run 'algo-trader features' first");
        }
        ResolvedVersion rv = resolve(registry, model, aliasOrVersion);
        Scorer scorer = RegistryScorers.load(registry, model, rv.version());
        List<PredictionsTable.Prediction> preds = score(lake, scorer, rv, symbol, interval);
        long v =
                PredictionsTable.replace(lake, spark, model, rv.version(), symbol, interval, preds);
        LOG.info(
                "scored {} {} bars of {} with {} v{} ({}, window {}) from {} -> gold/predictions"
                        + " v{}",
                preds.size(),
                interval,
                symbol,
                model,
                rv.version(),
                rv.modelType(),
                scorer.window(),
                rv.holdoutFromTs(),
                v);
        return new Result(
                model,
                rv.version(),
                rv.modelType(),
                symbol,
                interval,
                rv.holdoutFromTs(),
                Math.max(1, scorer.window()),
                preds.size(),
                v);
    }

    /** {@link #score(LakeReader, Scorer, ResolvedVersion, String, String)} below a store's root. */
    static List<PredictionsTable.Prediction> score(
            DeltaStore store, Scorer scorer, ResolvedVersion rv, String symbol, String interval) {
        return score(new LakeReader(store.root()), scorer, rv, symbol, interval);
    }

    /**
     * The scores of every warm bar of {@code symbol} at or after the holdout start, in time order.
     * Rows with a missing or NaN feature are skipped (and do not enter a window). The feature rows
     * are read through Delta Kernel.
     */
    static List<PredictionsTable.Prediction> score(
            LakeReader lake, Scorer scorer, ResolvedVersion rv, String symbol, String interval) {
        int w = Math.max(1, scorer.window());
        List<String> names = scorer.featureSet().featureNames();
        List<String> columns = lake.schema(Table.FEATURES.path()).fieldNames();
        for (String n : names) {
            if (!columns.contains(n)) {
                throw new ResearchException(
                        "silver/features has no column "
                                + n
                                + " of feature set "
                                + scorer.featureSet().id()
                                + " that "
                                + rv.model()
                                + " v"
                                + rv.version()
                                + " needs: recompute features with that set");
            }
        }
        List<String> sel = new ArrayList<>();
        sel.add("ts");
        sel.addAll(names);
        LakeFilter mine =
                LakeFilter.all()
                        .eq("symbol", symbol)
                        .eq("interval", interval)
                        .eq("feature_set", scorer.featureSet().id())
                        .eq("warm", Boolean.TRUE);
        List<LakeRow> before = new ArrayList<>();
        List<LakeRow> rows = new ArrayList<>();
        lake.scan(
                Table.FEATURES.path(),
                mine,
                sel,
                r -> (r.getLong("ts") >= rv.holdoutFromTs() ? rows : before).add(r));
        Comparator<LakeRow> byTs = Comparator.comparingLong(r -> r.getLong("ts"));
        rows.sort(byTs);
        if (w > 1) {
            // inputs of the first windows: warm rows just before the holdout (a few spare rows in
            // case some have missing values); they are never scored themselves
            before.sort(byTs);
            rows.addAll(0, before.subList(Math.max(0, before.size() - 4 * (w - 1)), before.size()));
        }

        // the one window rule (core.scoring.ScoreWindow): rows before the holdout only fill the
        // window of a sequence model, every row from the holdout start on is scored
        List<FeatureRow> complete = new ArrayList<>();
        String fs = scorer.featureSet().id();
        for (LakeRow r : rows) {
            double[] x = new double[names.size()];
            boolean ok = true;
            for (int i = 0; i < x.length && ok; i++) {
                Object o = r.get(names.get(i));
                ok = o != null && !Double.isNaN(x[i] = ((Number) o).doubleValue());
            }
            if (ok) complete.add(new FeatureRow(symbol, interval, r.getLong("ts"), fs, true, x));
        }
        int first = 0;
        while (first < complete.size() && complete.get(first).ts() < rv.holdoutFromTs()) first++;
        ScoreWindow window =
                new ScoreWindow(
                        w == 1 ? List.of() : complete.subList(Math.max(0, first - (w - 1)), first));
        List<PredictionsTable.Prediction> out = new ArrayList<>();
        for (FeatureRow row : complete.subList(first, complete.size())) {
            OptionalDouble p = window.score(scorer, row);
            if (p.isPresent()) out.add(new PredictionsTable.Prediction(row.ts(), p.getAsDouble()));
        }
        return out;
    }
}
