package dev.algotrader.ml.ensemble;

import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import java.util.Arrays;

/**
 * One base model's walk-forward predictions: {@code p[i]} is P(UP) for bar {@code index[i]},
 * predicted by the model of fold {@code fold[i]}. Only predictions for bars inside that fold's test
 * window are out-of-fold; {@link #requireOutOfFold} enforces it.
 */
public record OutOfFoldPredictions(String model, int[] fold, int[] index, double[] p) {

    public OutOfFoldPredictions {
        if (fold.length != index.length || p.length != index.length) {
            throw new IllegalArgumentException("fold/index/p of " + model + " differ in length");
        }
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(model + ": probability outside [0, 1]: " + v);
            }
        }
        fold = fold.clone();
        index = index.clone();
        p = p.clone();
    }

    public int size() {
        return index.length;
    }

    /**
     * Throws unless every prediction is for a bar inside the test window of the fold that made it
     * (and so outside that fold's training ranges).
     */
    public void requireOutOfFold(Split split) {
        for (int i = 0; i < index.length; i++) {
            int f = fold[i];
            if (f < 0 || f >= split.folds().size()) {
                throw new IllegalArgumentException(model + ": unknown fold " + f);
            }
            var fd = split.folds().get(f);
            if (!fd.test().contains(index[i]) || fd.isTrain(index[i])) {
                throw new IllegalArgumentException(
                        model
                                + ": prediction for bar "
                                + index[i]
                                + " is not out-of-fold for fold "
                                + f
                                + " (test "
                                + fd.test()
                                + "): the ensemble only stacks out-of-fold predictions");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutOfFoldPredictions r
                && model.equals(r.model)
                && Arrays.equals(fold, r.fold)
                && Arrays.equals(index, r.index)
                && Arrays.equals(p, r.p);
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + Arrays.hashCode(index);
    }
}
