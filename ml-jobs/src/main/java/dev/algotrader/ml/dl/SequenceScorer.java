package dev.algotrader.ml.dl;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores the newest row of a window of one symbol's feature rows with a saved DL4J sequence model.
 * The caller keeps the last {@link #window()} rows, oldest first. Not thread-safe across threads
 * sharing one instance beyond the internal lock (the network is used under a lock).
 */
public final class SequenceScorer implements Scorer {

    private final String name;
    private final String version;
    private final TrainedSequenceModel model;
    private final FeatureSetSpec featureSet;

    public SequenceScorer(String name, String version, TrainedSequenceModel model) {
        this.name = name;
        this.version = version;
        this.model = model;
        this.featureSet = model.spec().featureSet();
    }

    /** Loads the model folder written by {@link SequenceModelIO#save}. */
    public static SequenceScorer load(Path dir, String modelName, String modelVersion) {
        return new SequenceScorer(modelName, modelVersion, SequenceModelIO.load(dir));
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public FeatureSetSpec featureSet() {
        return featureSet;
    }

    @Override
    public int window() {
        return model.spec().window();
    }

    /** The model type ({@code lstm} or {@code attention}). */
    public String modelType() {
        return model.spec().modelType();
    }

    @Override
    public double probabilityUp(List<FeatureRow> rows) {
        int w = window();
        if (rows.size() != w) {
            throw new IllegalArgumentException(
                    "model "
                            + name
                            + " v"
                            + version
                            + " needs exactly "
                            + w
                            + " consecutive rows (oldest first), got "
                            + rows.size());
        }
        double[][] x = new double[w][];
        FeatureRow first = rows.get(0);
        for (int i = 0; i < w; i++) {
            FeatureRow r = rows.get(i);
            checkFeatureSet(r);
            if (!r.symbol().equals(first.symbol())) {
                throw new IllegalArgumentException(
                        "a window must hold one symbol, got "
                                + first.symbol()
                                + " and "
                                + r.symbol());
            }
            if (i > 0 && r.ts() <= rows.get(i - 1).ts()) {
                throw new IllegalArgumentException(
                        "window rows must be oldest first with increasing ts");
            }
            if (!r.warm()) {
                throw new IllegalArgumentException(
                        "row "
                                + r.ts()
                                + " of "
                                + r.symbol()
                                + " is inside the feature warm-up: wait until it is warm");
            }
            x[i] = r.values();
        }
        return model.predict(x, new int[] {w - 1})[0];
    }
}
