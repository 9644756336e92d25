package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.fixtures.SeededCases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SequenceWindowsTest {

    @Test
    void windowOfBarTHoldsOnlyRowsUpToT() {
        SeededCases.forAll(
                11,
                30,
                rnd -> {
                    int n = 40 + rnd.nextInt(60);
                    int f = 1 + rnd.nextInt(4);
                    int w = 1 + rnd.nextInt(10);
                    int pos = 2 * rnd.nextInt(3);
                    SymbolSeries s = SyntheticSeries.create("X", n, f, 0, rnd.nextLong());
                    ZScoreNormalizer norm = ZScoreNormalizer.fit(s.x(), i -> true);
                    int t = w - 1 + rnd.nextInt(n - w + 1);
                    INDArray before =
                            SequenceWindows.tensor(
                                    s.x(), new int[] {t}, w, norm, pos, DataType.DOUBLE);
                    // the tensor is exactly rows t-w+1..t, normalised, oldest first
                    for (int step = 0; step < w; step++) {
                        for (int j = 0; j < f; j++) {
                            assertThat(before.getDouble(0, j, step))
                                    .isEqualTo(norm.apply(j, s.x()[t - w + 1 + step][j]));
                        }
                    }
                    // rewriting every later row changes nothing
                    double[][] x2 = copy(s.x());
                    for (int i = t + 1; i < n; i++)
                        for (int j = 0; j < f; j++) x2[i][j] = 1e6 * rnd.nextDouble();
                    INDArray after =
                            SequenceWindows.tensor(
                                    x2, new int[] {t}, w, norm, pos, DataType.DOUBLE);
                    assertThat(after).isEqualTo(before);
                    // while changing row t itself does change it (the check can fail)
                    x2[t][0] += 1;
                    assertThat(
                                    SequenceWindows.tensor(
                                            x2, new int[] {t}, w, norm, pos, DataType.DOUBLE))
                            .isNotEqualTo(before);
                });
    }

    @Test
    void barsWithoutFullHistoryHaveNoWindow() {
        SymbolSeries s = SyntheticSeries.create("X", 20, 2, 0, 1);
        ZScoreNormalizer norm = ZScoreNormalizer.fit(s.x(), i -> true);
        assertThatThrownBy(
                        () ->
                                SequenceWindows.tensor(
                                        s.x(), new int[] {3}, 5, norm, 0, DataType.FLOAT))
                .hasMessageContaining("fewer than 5 rows");
        assertThat(SequenceWindows.evaluationSamples(new Range(0, 20), 5, s.label())).startsWith(4);
    }

    @Test
    void noTrainingWindowContainsATestPurgeOrEmbargoRow() {
        SeededCases.forAll(
                12,
                40,
                rnd -> {
                    int n = 300 + rnd.nextInt(700);
                    int w = 1 + rnd.nextInt(30);
                    var mode =
                            rnd.nextBoolean()
                                    ? WalkForwardSplitter.Mode.EXPANDING
                                    : WalkForwardSplitter.Mode.SLIDING;
                    var cfg =
                            new WalkForwardSplitter.Config(
                                    1 + rnd.nextInt(4),
                                    mode,
                                    0.1 + 0.2 * rnd.nextDouble(),
                                    rnd.nextInt(20),
                                    rnd.nextInt(20),
                                    50,
                                    120);
                    Split split = new WalkForwardSplitter(cfg).split(n);
                    int[] label = new int[n];
                    for (Fold fold : split.folds()) {
                        int[] train = SequenceWindows.trainingSamples(fold.train(), w, label);
                        assertThat(train).isNotEmpty();
                        for (int t : train) {
                            for (int r = t - w + 1; r <= t; r++) {
                                assertThat(fold.isTrain(r))
                                        .as("row %d of window %d", r, t)
                                        .isTrue();
                                assertThat(r).isLessThan(fold.test().from() - cfg.purgeBars());
                            }
                        }
                        // evaluation windows read only rows <= their bar
                        for (int t : SequenceWindows.evaluationSamples(fold.test(), w, label)) {
                            assertThat(fold.test().contains(t)).isTrue();
                            assertThat(SequenceWindows.windowStart(t, w)).isBetween(0, t);
                        }
                    }
                });
    }

    @Test
    void aWindowSpanningAnEmbargoGapIsNotATrainingSample() {
        List<Range> ranges = List.of(new Range(0, 10), new Range(15, 30));
        int[] label = new int[30];
        int[] train = SequenceWindows.trainingSamples(ranges, 4, label);
        // 3..9 from the first range, 18..29 from the second; 15..17 would read rows 12..14
        assertThat(train)
                .containsExactly(
                        3, 4, 5, 6, 7, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
    }

    @Test
    void unknownLabelsAreNeverSamples() {
        int[] label = {0, 1, -1, 1, -1};
        assertThat(SequenceWindows.trainingSamples(List.of(new Range(0, 5)), 1, label))
                .containsExactly(0, 1, 3);
        assertThat(SequenceWindows.evaluationSamples(new Range(0, 5), 1, label))
                .containsExactly(0, 1, 3);
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }
}
