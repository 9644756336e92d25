package dev.algotrader.ml.ensemble;

import java.util.List;

/**
 * A fitted stacked ensemble: {@code P(UP) = sigmoid(intercept + Σ w_j · logit(p_j))} over the base
 * models named in {@code baseModels} (in that order).
 *
 * @param fitRows number of out-of-fold rows the stacker was fitted on
 */
public record EnsembleModel(
        List<BaseModelRef> baseModels,
        double intercept,
        double[] weights,
        double l2,
        int fitRows,
        String featureSetId) {

    /** Current {@code ensemble.json} format. */
    public static final int FORMAT = 1;

    /** The model type id in the registry. */
    public static final String MODEL_TYPE = "ensemble";

    /**
     * A base model: its registered name and version, and its type ({@code rf}, {@code gbt}, {@code
     * lstm}, {@code attention}, …) so a loader can pick the scorer.
     */
    public record BaseModelRef(String name, String version, String modelType) {}

    public EnsembleModel {
        baseModels = List.copyOf(baseModels);
        weights = weights.clone();
        if (weights.length != baseModels.size()) {
            throw new IllegalArgumentException("one weight per base model");
        }
    }

    /** The same coefficients with other base references (e.g. once the bases are registered). */
    public EnsembleModel withBaseModels(List<BaseModelRef> refs) {
        if (refs.size() != baseModels.size())
            throw new IllegalArgumentException("one ref per base");
        return new EnsembleModel(refs, intercept, weights, l2, fitRows, featureSetId);
    }

    /** P(UP) from the base models' probabilities, in {@link #baseModels} order. */
    public double probability(double[] baseProbabilities) {
        if (baseProbabilities.length != weights.length) {
            throw new IllegalArgumentException(
                    "ensemble needs "
                            + weights.length
                            + " base probabilities, got "
                            + baseProbabilities.length);
        }
        double[] z = new double[weights.length];
        for (int j = 0; j < z.length; j++)
            z[j] = StackedLogisticRegression.logit(baseProbabilities[j]);
        return new StackedLogisticRegression.Coefficients(intercept, weights).probability(z);
    }
}
