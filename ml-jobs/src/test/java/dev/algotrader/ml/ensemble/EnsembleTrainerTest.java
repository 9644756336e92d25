package dev.algotrader.ml.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnsembleTrainerTest {

    static final int N = 1000;
    static final Split SPLIT =
            new WalkForwardSplitter(
                            new WalkForwardSplitter.Config(
                                    3, WalkForwardSplitter.Mode.EXPANDING, 0.2, 5, 5, 200, 0))
                    .split(N);
    static final List<BaseModelRef> REFS =
            List.of(new BaseModelRef("m_rf", "1", "rf"), new BaseModelRef("m_lstm", "2", "lstm"));

    static int[] labels(long seed) {
        Random r = new Random(seed);
        int[] y = new int[N];
        for (int i = 0; i < N; i++) y[i] = r.nextBoolean() ? 1 : 0;
        return y;
    }

    /** Predictions of a model of given skill for every bar of every fold's test window. */
    static OutOfFoldPredictions oof(String name, int[] y, double skill, long seed) {
        Random r = new Random(seed);
        List<int[]> rows = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (Fold f : SPLIT.folds()) {
            for (int t = f.test().from(); t < f.test().to(); t++) {
                rows.add(new int[] {f.index(), t});
                p.add(prob(y[t], skill, r));
            }
        }
        return new OutOfFoldPredictions(
                name,
                rows.stream().mapToInt(a -> a[0]).toArray(),
                rows.stream().mapToInt(a -> a[1]).toArray(),
                p.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double prob(int y, double skill, Random r) {
        double z = skill * (y == 1 ? 1 : -1) + r.nextGaussian();
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void stackerWeighsTheBetterModelMore() {
        int[] y = labels(1);
        var a = oof("m_rf", y, 2.0, 2);
        var b = oof("m_lstm", y, 0.2, 3);
        EnsembleModel m = EnsembleTrainer.fit(SPLIT, REFS, List.of(a, b), y, 1.0, "core_v1");
        assertThat(m.weights()[0]).isGreaterThan(m.weights()[1]);
        assertThat(m.weights()[0]).isGreaterThan(0.5);
        assertThat(m.fitRows()).isEqualTo(a.size());
    }

    @Test
    void refusesInFoldPredictions() {
        int[] y = labels(1);
        var good = oof("m_rf", y, 1.0, 2);
        Fold last = SPLIT.folds().get(2);
        int trainBar = last.train().get(0).from() + 3;
        // fold 2 "predicting" a bar it trained on, with a perfect (leaked) probability
        int[] fold = append(good.fold(), 2);
        int[] index = append(good.index(), trainBar);
        double[] p = java.util.Arrays.copyOf(good.p(), good.size() + 1);
        p[good.size()] = y[trainBar];
        var leaky = new OutOfFoldPredictions("m_lstm", fold, index, p);
        assertThatThrownBy(
                        () ->
                                EnsembleTrainer.fit(
                                        SPLIT, REFS, List.of(good, leaky), y, 1.0, "core_v1"))
                .hasMessageContaining("not out-of-fold")
                .hasMessageContaining("bar " + trainBar);
        // a holdout bar is never out-of-fold either
        int[] hIndex = append(good.index(), SPLIT.holdout().from());
        var holdoutLeak = new OutOfFoldPredictions("m_lstm", fold, hIndex, p);
        assertThatThrownBy(
                        () ->
                                EnsembleTrainer.fit(
                                        SPLIT, REFS, List.of(good, holdoutLeak), y, 1.0, "core_v1"))
                .hasMessageContaining("not out-of-fold");
    }

    @Test
    void labelsOutsideTheTestWindowsCannotInfluenceTheStacker() {
        int[] y = labels(4);
        var a = oof("m_rf", y, 1.5, 5);
        var b = oof("m_lstm", y, 0.8, 6);
        EnsembleModel m1 = EnsembleTrainer.fit(SPLIT, REFS, List.of(a, b), y, 1.0, "core_v1");
        int[] flipped = y.clone();
        for (int t = 0; t < N; t++) {
            final int bar = t;
            boolean inSomeTest = SPLIT.folds().stream().anyMatch(f -> f.test().contains(bar));
            if (!inSomeTest) flipped[t] = 1 - flipped[t];
        }
        EnsembleModel m2 = EnsembleTrainer.fit(SPLIT, REFS, List.of(a, b), flipped, 1.0, "core_v1");
        assertThat(m2.intercept()).isEqualTo(m1.intercept());
        assertThat(m2.weights()).containsExactly(m1.weights());
        // sensitivity: flipping labels inside a test window does change it
        int[] inTest = y.clone();
        Fold f0 = SPLIT.folds().get(0);
        for (int t = f0.test().from(); t < f0.test().to(); t++) inTest[t] = 1 - inTest[t];
        EnsembleModel m3 = EnsembleTrainer.fit(SPLIT, REFS, List.of(a, b), inTest, 1.0, "core_v1");
        assertThat(m3.weights()).isNotEqualTo(m1.weights());
    }

    @Test
    void logisticFitReachesTheOptimum() {
        double[][] z = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}, {-0.2}, {0.2}};
        int[] y = {0, 0, 1, 0, 1, 1, 0, 1};
        var c = StackedLogisticRegression.fit(z, y, 0.0);
        assertThat(c.weights()[0]).isGreaterThan(0);
        // the gradient of the log likelihood vanishes at the fitted coefficients
        double g0 = 0, g1 = 0;
        for (int i = 0; i < z.length; i++) {
            double p = c.probability(z[i]);
            g0 += p - y[i];
            g1 += (p - y[i]) * z[i][0];
        }
        assertThat(Math.abs(g0) + Math.abs(g1)).isLessThan(1e-8);
    }

    static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
