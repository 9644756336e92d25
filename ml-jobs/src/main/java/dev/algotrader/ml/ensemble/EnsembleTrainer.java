package dev.algotrader.ml.ensemble;

import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the stacked ensemble on out-of-fold predictions: only bars that every base model predicted
 * from a fold whose test window holds the bar (so the base model never trained on it), and whose
 * label is known. In-fold predictions are refused, not filtered, so a wiring mistake is loud.
 */
public final class EnsembleTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(EnsembleTrainer.class);

    private EnsembleTrainer() {}

    /**
     * Fits the stacker. {@code refs.get(j)} names the model of {@code oof.get(j)}; {@code label} is
     * indexed by bar (-1 = unknown); {@code split} is the walk-forward split all bases used.
     */
    public static EnsembleModel fit(
            Split split,
            List<BaseModelRef> refs,
            List<OutOfFoldPredictions> oof,
            int[] label,
            double l2,
            String featureSetId) {
        if (refs.size() != oof.size() || refs.isEmpty()) {
            throw new IllegalArgumentException("one base model reference per prediction set");
        }
        List<Map<Integer, Double>> byBar = new ArrayList<>();
        for (OutOfFoldPredictions o : oof) {
            o.requireOutOfFold(split);
            Map<Integer, Double> m = new HashMap<>();
            for (int i = 0; i < o.size(); i++) {
                if (m.put(o.index()[i], o.p()[i]) != null) {
                    throw new IllegalArgumentException(
                            o.model() + ": two out-of-fold predictions for bar " + o.index()[i]);
                }
            }
            byBar.add(m);
        }
        // bars every base predicted, in time order
        int[] bars =
                byBar.get(0).keySet().stream()
                        .filter(
                                t ->
                                        label[t] >= 0
                                                && byBar.stream().allMatch(m -> m.containsKey(t)))
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
        if (bars.length < 10) {
            throw new IllegalArgumentException(
                    "only "
                            + bars.length
                            + " bars have out-of-fold predictions from every base model: use more folds or more data");
        }
        double[][] z = new double[bars.length][refs.size()];
        int[] y = new int[bars.length];
        for (int i = 0; i < bars.length; i++) {
            for (int j = 0; j < refs.size(); j++) {
                z[i][j] = StackedLogisticRegression.logit(byBar.get(j).get(bars[i]));
            }
            y[i] = label[bars[i]];
        }
        StackedLogisticRegression.Coefficients c = StackedLogisticRegression.fit(z, y, l2);
        LOG.info(
                "ensemble fitted on {} out-of-fold bars: intercept {}, weights {}",
                bars.length,
                c.intercept(),
                java.util.Arrays.toString(c.weights()));
        return new EnsembleModel(refs, c.intercept(), c.weights(), l2, bars.length, featureSetId);
    }

    /**
     * Ensemble probabilities for {@code bars} from the base models' probabilities for the same bars
     * ({@code baseP.get(j)[i]} is base {@code j}'s P(UP) for {@code bars[i]}).
     */
    public static double[] predict(EnsembleModel model, List<double[]> baseP, int n) {
        double[] out = new double[n];
        double[] row = new double[baseP.size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < row.length; j++) row[j] = baseP.get(j)[i];
            out[i] = model.probability(row);
        }
        return out;
    }
}
