package dev.algotrader.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.fixtures.SeededCases;
import org.junit.jupiter.api.Test;

/**
 * Leakage properties of the research splits over random configurations, with purge and embargo
 * derived from the label horizon exactly as {@link ResearchConfig.Validation#splitter} does.
 */
class WalkForwardLeakageTest {

    @Test
    void foldsNeverLeakLabelsAcrossTrainTestOrHoldout() {
        int[] checked = {0};
        SeededCases.forAll(
                20261125L,
                400,
                rnd -> {
                    int horizon = 1 + rnd.nextInt(60);
                    int n = 200 + rnd.nextInt(5000);
                    boolean derived = rnd.nextBoolean();
                    ResearchConfig.Validation v =
                            new ResearchConfig.Validation(
                                    1 + rnd.nextInt(6),
                                    rnd.nextBoolean()
                                            ? WalkForwardSplitter.Mode.EXPANDING
                                            : WalkForwardSplitter.Mode.SLIDING,
                                    0.05 + rnd.nextDouble() * 0.4,
                                    derived ? -1 : horizon + rnd.nextInt(10),
                                    derived ? -1 : rnd.nextInt(3 * horizon + 1),
                                    1 + rnd.nextInt(300),
                                    300 + rnd.nextInt(2000));
                    WalkForwardSplitter.Config cfg = v.splitter(horizon);
                    if (derived) {
                        assertThat(cfg.purgeBars()).isEqualTo(horizon);
                        assertThat(cfg.embargoBars()).isEqualTo(horizon);
                    }
                    Split split;
                    try {
                        split = new WalkForwardSplitter(cfg).split(n);
                    } catch (IllegalArgumentException tooFew) {
                        return; // configuration infeasible for n: the splitter refuses, fine
                    }
                    checked[0]++;
                    Range holdout = split.holdout();
                    assertThat(holdout.to()).isEqualTo(n);
                    for (Fold f : split.folds()) {
                        Range test = f.test();
                        assertThat(test.size()).isPositive();
                        // the holdout is in no fold, and no test label reaches into it
                        assertThat(test.to() - 1 + horizon).isLessThan(holdout.from());
                        for (Range r : f.train()) {
                            assertThat(r.size()).isPositive();
                            for (int i = r.from(); i < r.to(); i++) {
                                assertThat(holdout.contains(i)).isFalse();
                                // a training label [i, i + h] never overlaps test ∪ its horizon
                                boolean overlaps =
                                        i + horizon >= test.from() && i < test.to() + horizon;
                                assertThat(overlaps)
                                        .as(
                                                "fold %d train bar %d vs test %s h=%d",
                                                f.index(), i, test, horizon)
                                        .isFalse();
                            }
                        }
                    }
                    // embargo: the bars right after a test window never train a later fold
                    for (int a = 0; a < split.folds().size(); a++) {
                        Range test = split.folds().get(a).test();
                        for (int b = a + 1; b < split.folds().size(); b++) {
                            Fold later = split.folds().get(b);
                            for (int i = test.to();
                                    i
                                            < Math.min(
                                                    test.to() + cfg.embargoBars(),
                                                    split.selectionEnd());
                                    i++) {
                                assertThat(later.isTrain(i))
                                        .as("embargo bar %d trains fold %d", i, b)
                                        .isFalse();
                            }
                        }
                    }
                });
        assertThat(checked[0]).as("feasible configurations checked").isGreaterThan(200);
    }
}
