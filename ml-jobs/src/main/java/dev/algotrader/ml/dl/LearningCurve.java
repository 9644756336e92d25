package dev.algotrader.ml.dl;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-epoch mean training loss (minibatch scores, incl. L2) and validation log loss of one fit,
 * with the epoch whose weights were kept.
 */
public record LearningCurve(
        String label, List<Double> trainLoss, List<Double> validationLoss, int bestEpoch) {

    public LearningCurve {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    public int epochs() {
        return trainLoss.size();
    }

    /** A builder used while training. */
    static final class Recorder {
        final List<Double> train = new ArrayList<>();
        final List<Double> val = new ArrayList<>();

        void add(double trainLoss, double valLoss) {
            train.add(trainLoss);
            val.add(valLoss);
        }

        LearningCurve done(String label, int bestEpoch) {
            return new LearningCurve(label, train, val, bestEpoch);
        }
    }
}
