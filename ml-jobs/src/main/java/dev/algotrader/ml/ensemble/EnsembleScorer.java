package dev.algotrader.ml.ensemble;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;

/**
 * Scores the ensemble: each base scorer gets the newest {@code base.window()} rows of the window
 * the caller keeps ({@link #window()} = the largest base window), and the stacker combines their
 * probabilities.
 */
public final class EnsembleScorer implements Scorer {

    private final String name;
    private final String version;
    private final EnsembleModel model;
    private final List<Scorer> bases;
    private final int window;

    /** {@code bases} in the order of {@code model.baseModels()}. */
    public EnsembleScorer(String name, String version, EnsembleModel model, List<Scorer> bases) {
        if (bases.size() != model.baseModels().size()) {
            throw new IllegalArgumentException(
                    "ensemble " + name + " needs " + model.baseModels().size() + " base scorers");
        }
        for (int j = 0; j < bases.size(); j++) {
            Scorer b = bases.get(j);
            if (!b.featureSet().id().equals(model.featureSetId())) {
                throw new IllegalArgumentException(
                        "base model "
                                + b.modelName()
                                + " uses feature set "
                                + b.featureSet().id()
                                + " but the ensemble was fitted on "
                                + model.featureSetId()
                                + ": retrain the ensemble");
            }
            if (!b.modelName().equals(model.baseModels().get(j).name())) {
                throw new IllegalArgumentException(
                        "base scorer "
                                + j
                                + " is "
                                + b.modelName()
                                + ", expected "
                                + model.baseModels().get(j).name());
            }
        }
        this.name = name;
        this.version = version;
        this.model = model;
        this.bases = List.copyOf(bases);
        this.window = bases.stream().mapToInt(Scorer::window).max().orElse(1);
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
        return bases.get(0).featureSet();
    }

    @Override
    public int window() {
        return window;
    }

    public EnsembleModel model() {
        return model;
    }

    @Override
    public double probabilityUp(List<FeatureRow> rows) {
        if (rows.size() != window) {
            throw new IllegalArgumentException(
                    "ensemble "
                            + name
                            + " v"
                            + version
                            + " needs exactly "
                            + window
                            + " consecutive rows (oldest first), got "
                            + rows.size());
        }
        double[] p = new double[bases.size()];
        for (int j = 0; j < p.length; j++) {
            Scorer b = bases.get(j);
            p[j] = b.probabilityUp(rows.subList(rows.size() - b.window(), rows.size()));
        }
        return model.probability(p);
    }
}
