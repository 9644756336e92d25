package dev.algotrader.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeEnsembleScorerTest {

    private static final FeatureSetSpec FS = new FeatureSetSpec("t", 1, List.of("a", "b"));

    /** root: a <= 0.5 ? leaf1 : (b <= 2 ? leaf3 : leaf4). */
    private static TreeEnsembleScorer.Tree tree(
            double weight, double[] v, double[] c0, double[] c1) {
        return new TreeEnsembleScorer.Tree(
                weight,
                new int[] {0, -1, 1, -1, -1},
                new double[] {0.5, 0, 2.0, 0, 0},
                new int[] {1, -1, 3, -1, -1},
                new int[] {2, -1, 4, -1, -1},
                v,
                c0,
                c1);
    }

    @Test
    void gbtIsTheLogisticOfTwiceTheWeightedMargin() {
        TreeEnsembleScorer s =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.GBT,
                        "m",
                        "1",
                        "r",
                        FS,
                        List.of(
                                tree(
                                        1.0,
                                        new double[] {0, 0.4, 0, -0.2, 0.9},
                                        new double[5],
                                        new double[5]),
                                tree(
                                        0.1,
                                        new double[] {0, -1.0, 0, 0.5, 2.0},
                                        new double[5],
                                        new double[5])));
        double m = 0.4 * 1.0 + -1.0 * 0.1; // a=0.5 goes left (<=)
        assertThat(s.probabilityUp(new double[] {0.5, 9})).isEqualTo(1 - 1 / (1 + Math.exp(2 * m)));
        double m2 = -0.2 + 0.5 * 0.1; // a>0.5, b<=2
        assertThat(s.probabilityUp(new double[] {0.6, 2.0}))
                .isCloseTo(1 / (1 + Math.exp(-2 * m2)), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void rfAveragesNormalisedLeafClassCounts() {
        double[] z = new double[5];
        TreeEnsembleScorer s =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.RF,
                        "m",
                        "1",
                        "r",
                        FS,
                        List.of(
                                tree(
                                        1,
                                        z,
                                        new double[] {0, 3, 0, 1, 0},
                                        new double[] {0, 1, 0, 3, 5}),
                                tree(
                                        1,
                                        z,
                                        new double[] {0, 1, 0, 2, 2},
                                        new double[] {0, 1, 0, 2, 6})));
        // x=(0,0) → leaf1 in both: (1/4 + 1/2) / 2
        assertThat(s.probabilityUp(new double[] {0, 0})).isEqualTo((0.25 + 0.5) / 2);
        // x=(1,3) → leaf4: 5/5 and 6/8
        assertThat(s.probabilityUp(new double[] {1, 3})).isEqualTo((1.0 + 0.75) / 2);
    }

    @Test
    void jsonRoundTripKeepsEveryBitAndRefusesOtherFeatureSets() {
        TreeEnsembleScorer s =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.GBT,
                        "btc-usd_1m_trees",
                        "",
                        "run1",
                        FS,
                        List.of(
                                tree(
                                        0.1,
                                        new double[] {0, Math.PI, 0, -1e-17, 1.0 / 3},
                                        new double[5],
                                        new double[5])));
        TreeEnsembleScorer back = TreeEnsembleScorer.fromJson(s.toJson(), "7");
        assertThat(back.modelVersion()).isEqualTo("7");
        assertThat(back.featureSet()).isEqualTo(FS);
        for (double[] x : new double[][] {{0, 0}, {1, 1}, {1, 3}}) {
            assertThat(back.probabilityUp(x)).isEqualTo(s.probabilityUp(x));
        }
        FeatureRow ok = new FeatureRow("BTC/USD", "1m", 0, "t_v1", true, new double[] {1, 3});
        assertThat(back.probabilityUp(List.of(ok))).isEqualTo(s.probabilityUp(new double[] {1, 3}));
        FeatureRow other = new FeatureRow("BTC/USD", "1m", 0, "t_v2", true, new double[] {1, 3});
        assertThatThrownBy(() -> back.probabilityUp(List.of(other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t_v1")
                .hasMessageContaining("t_v2");
        assertThatThrownBy(() -> TreeEnsembleScorer.fromJson("{\"format\":\"x\"}", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a portable tree ensemble");
    }
}
