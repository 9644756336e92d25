package dev.algotrader.ml.dl;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.schema.FeatureRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The forecaster's half of the scorer factory by model type: {@code lstm} and {@code attention}
 * load a {@link SequenceScorer} from a model folder ({@code model.zip} + {@code
 * sequence-model.json}), {@code ensemble} loads an {@link
 * dev.algotrader.ml.ensemble.EnsembleScorer} and resolves its bases through the caller's factory
 * (the registry). Also scores any scorer on the bars of a series with the windows it needs, for
 * comparing models on the same holdout.
 */
public final class ForecasterScorers {

    /** Model types this factory loads. */
    public static final Set<String> MODEL_TYPES =
            Set.of("lstm", "attention", EnsembleModel.MODEL_TYPE);

    private ForecasterScorers() {}

    /** True for {@code lstm}, {@code attention} and {@code ensemble}. */
    public static boolean handles(String modelType) {
        return MODEL_TYPES.contains(modelType.toLowerCase(Locale.ROOT));
    }

    /**
     * Loads the scorer of {@code modelType} from {@code modelDir} (the run's {@code model/}
     * artifact folder, downloaded); {@code bases} resolves ensemble bases and may be null for
     * sequence models.
     */
    public static Scorer load(
            String modelType,
            Path modelDir,
            String name,
            String version,
            Function<BaseModelRef, Scorer> bases) {
        String t = modelType.toLowerCase(Locale.ROOT);
        if (t.equals(EnsembleModel.MODEL_TYPE)) {
            if (bases == null)
                throw new IllegalArgumentException("an ensemble needs a base resolver");
            return EnsembleIO.load(modelDir, name, version, bases);
        }
        SequenceScorer s = SequenceScorer.load(modelDir, name, version);
        if (!s.modelType().equals(t)) {
            throw new IllegalArgumentException(
                    "model "
                            + name
                            + " v"
                            + version
                            + " is tagged "
                            + modelType
                            + " but its folder holds a "
                            + s.modelType()
                            + " model");
        }
        return s;
    }

    /**
     * P(UP) of {@code scorer} for each bar in {@code bars} of {@code series}, each from the window
     * of the {@code scorer.window()} rows ending at the bar (the trader's path). Bars without
     * enough history get NaN.
     */
    public static double[] score(Scorer scorer, SymbolSeries series, int[] bars) {
        int w = scorer.window();
        double[] out = new double[bars.length];
        String fs = series.featureSet().id();
        for (int i = 0; i < bars.length; i++) {
            int t = bars[i];
            if (t - w + 1 < 0) {
                out[i] = Double.NaN;
                continue;
            }
            List<FeatureRow> rows = new ArrayList<>(w);
            for (int k = t - w + 1; k <= t; k++) {
                rows.add(
                        new FeatureRow(
                                series.symbol(),
                                series.interval(),
                                series.ts()[k],
                                fs,
                                true,
                                series.x()[k]));
            }
            out[i] = scorer.probabilityUp(rows);
        }
        return out;
    }
}
