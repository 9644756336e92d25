package dev.algotrader.ml.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleScorerTest {

    static final FeatureSetSpec FS = new FeatureSetSpec("t", 1, List.of("a"));

    /** A pointwise base: P = sigmoid(first value of the newest row); a window base: mean. */
    record FakeScorer(String modelName, int window) implements Scorer {
        @Override
        public String modelVersion() {
            return "1";
        }

        @Override
        public FeatureSetSpec featureSet() {
            return FS;
        }

        @Override
        public double probabilityUp(List<FeatureRow> rows) {
            assertThat(rows).hasSize(window);
            double s = 0;
            for (FeatureRow r : rows) s += r.values()[0];
            return 1 / (1 + Math.exp(-s / window));
        }
    }

    @TempDir Path dir;

    @Test
    void savesLoadsAndGivesEachBaseItsOwnWindow() {
        EnsembleModel m =
                new EnsembleModel(
                        List.of(
                                new BaseModelRef("tree", "3", "rf"),
                                new BaseModelRef("seq", "4", "lstm")),
                        0.1,
                        new double[] {0.7, 0.4},
                        1.0,
                        500,
                        FS.id());
        EnsembleIO.save(m, dir);
        EnsembleModel back = EnsembleIO.read(dir);
        assertThat(back.intercept()).isEqualTo(m.intercept());
        assertThat(back.weights()).containsExactly(m.weights());
        assertThat(back.baseModels()).isEqualTo(m.baseModels());
        EnsembleScorer s =
                EnsembleIO.load(
                        dir,
                        "ens",
                        "1",
                        r -> new FakeScorer(r.name(), r.modelType().equals("rf") ? 1 : 3));
        assertThat(s.window()).isEqualTo(3);
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            rows.add(new FeatureRow("X", "1m", i, FS.id(), true, new double[] {i - 0.5}));
        double pTree = 1 / (1 + Math.exp(-1.5));
        double pSeq = 1 / (1 + Math.exp(-(-0.5 + 0.5 + 1.5) / 3));
        double expected =
                1
                        / (1
                                + Math.exp(
                                        -(0.1
                                                + 0.7 * StackedLogisticRegression.logit(pTree)
                                                + 0.4 * StackedLogisticRegression.logit(pSeq))));
        assertThat(s.probabilityUp(rows))
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> s.probabilityUp(rows.subList(1, 3)))
                .hasMessageContaining("exactly 3");
    }

    @Test
    void refusesBasesOfAnotherFeatureSet() {
        EnsembleModel m =
                new EnsembleModel(
                        List.of(new BaseModelRef("tree", "3", "rf")),
                        0,
                        new double[] {1},
                        1,
                        10,
                        "core_v9");
        assertThatThrownBy(
                        () -> new EnsembleScorer("e", "1", m, List.of(new FakeScorer("tree", 1))))
                .hasMessageContaining("retrain the ensemble");
    }
}
