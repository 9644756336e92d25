package dev.algotrader.stream.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelGateTest {

    @Test
    void aMatchingDeterministicModelPasses() {
        assertThat(ModelGate.check(TestModels.scorer("2"), FeatureSetSpec.DEFAULT, 16).accepted())
                .isTrue();
    }

    @Test
    void anotherFeatureSetIsRefused() {
        ModelGate.Verdict v =
                ModelGate.check(TestModels.scorer("broken"), FeatureSetSpec.DEFAULT, 16);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("core_v99").contains("core_v1");
    }

    @Test
    void outOfRangeNonDeterministicOrThrowingScorersAreRefused() {
        Scorer nan = wrap(rows -> Double.NaN);
        assertThat(ModelGate.check(nan, FeatureSetSpec.DEFAULT, 4).reason())
                .contains("not in [0, 1]");
        double[] flip = {0.1};
        Scorer random = wrap(rows -> flip[0] = 1 - flip[0]);
        assertThat(ModelGate.check(random, FeatureSetSpec.DEFAULT, 4).reason())
                .contains("not deterministic");
        Scorer boom =
                wrap(
                        rows -> {
                            throw new IllegalStateException("corrupt tree");
                        });
        assertThat(ModelGate.check(boom, FeatureSetSpec.DEFAULT, 4).reason())
                .contains("corrupt tree");
    }

    interface Fn {
        double apply(List<FeatureRow> rows);
    }

    static Scorer wrap(Fn fn) {
        return new Scorer() {
            public String modelName() {
                return "m";
            }

            public String modelVersion() {
                return "1";
            }

            public FeatureSetSpec featureSet() {
                return FeatureSetSpec.DEFAULT;
            }

            public double probabilityUp(List<FeatureRow> w) {
                return fn.apply(w);
            }
        };
    }
}
