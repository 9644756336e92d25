package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import org.junit.jupiter.api.Test;

class SequenceTrainerTest {

    private final ForecasterConfig cfg = SyntheticSeries.config().withEpochs(2, 2);
    private final SequenceTrainer trainer = new SequenceTrainer(cfg, SyntheticSeries.split());
    private final SymbolSeries series = SyntheticSeries.create("BTC/USD", 500, 3, 3, 5);
    private final Split split =
            new WalkForwardSplitter(SyntheticSeries.split()).split(series.size());

    @Test
    void changingOnlyTestFoldAndLaterValuesLeavesTheFittedFoldUnchanged() {
        Fold fold = split.folds().get(0);
        SequenceTrainer.FitResult a =
                trainer.fit(series, fold.train(), SequenceArchitecture.LSTM_NET, "a");
        double[][] x2 = SequenceWindowsTest.copy(series.x());
        int[] y2 = series.label().clone();
        for (int i = fold.test().from(); i < x2.length; i++) {
            for (int j = 0; j < x2[i].length; j++) x2[i][j] = x2[i][j] * 7 + 1000;
            if (y2[i] >= 0) y2[i] = 1 - y2[i];
        }
        SymbolSeries changed =
                new SymbolSeries(
                        series.symbol(),
                        series.interval(),
                        series.featureSet(),
                        series.ts(),
                        x2,
                        y2);
        SequenceTrainer.FitResult b =
                trainer.fit(changed, fold.train(), SequenceArchitecture.LSTM_NET, "b");
        assertThat(b.model().spec().normalizer()).isEqualTo(a.model().spec().normalizer());
        assertThat(b.curve().validationLoss()).isEqualTo(a.curve().validationLoss());
        assertThat(b.model().network().params()).isEqualTo(a.model().network().params());

        // sensitivity: changing one row the fold trains on does move the statistics
        double[][] x3 = SequenceWindowsTest.copy(series.x());
        x3[fold.train().get(0).from()][0] += 50;
        SymbolSeries touched =
                new SymbolSeries(
                        series.symbol(),
                        series.interval(),
                        series.featureSet(),
                        series.ts(),
                        x3,
                        series.label());
        SequenceTrainer.FitResult c =
                trainer.fit(touched, fold.train(), SequenceArchitecture.LSTM_NET, "c");
        assertThat(c.model().spec().normalizer()).isNotEqualTo(a.model().spec().normalizer());
    }

    @Test
    void validationSliceIsTheEndOfTheTrainingFoldWithThePurgeBeforeIt() {
        Fold fold = split.folds().get(1);
        SequenceTrainer.FitResult r =
                trainer.fit(series, fold.train(), SequenceArchitecture.LSTM_NET, "v");
        int trainEnd = fold.train().get(fold.train().size() - 1).to();
        assertThat(r.validationStart()).isLessThan(trainEnd);
        assertThat(r.validationStart()).isGreaterThan(fold.train().get(0).from());
        assertThat(trainEnd).isLessThanOrEqualTo(fold.test().from());
        assertThat(r.validationSamples()).isGreaterThan(0);
        assertThat(r.curve().epochs()).isBetween(1, cfg.maxEpochs());
        assertThat(r.curve().bestEpoch()).isBetween(1, r.curve().epochs());
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Fold fold = split.folds().get(0);
        for (SequenceArchitecture arch : SequenceArchitecture.values()) {
            var a = trainer.fit(series, fold.train(), arch, "a");
            var b = trainer.fit(series, fold.train(), arch, "b");
            assertThat(b.model().network().params())
                    .as(arch.id())
                    .isEqualTo(a.model().network().params());
            assertThat(b.curve().trainLoss()).isEqualTo(a.curve().trainLoss());
            var c =
                    new SequenceTrainer(cfg.withSeed(cfg.seed() + 1), SyntheticSeries.split())
                            .fit(series, fold.train(), arch, "c");
            assertThat(c.model().network().params()).isNotEqualTo(a.model().network().params());
        }
    }

    @Test
    void walkForwardGivesOutOfFoldPredictionsAndAHoldoutScore() {
        SequenceTrainer.Result r =
                new SequenceTrainer(SyntheticSeries.config(), SyntheticSeries.split())
                        .train(series, SequenceArchitecture.LSTM_NET);
        assertThat(r.folds()).hasSize(2);
        r.outOfFold().requireOutOfFold(r.split());
        assertThat(r.outOfFold().size())
                .isEqualTo(r.folds().stream().mapToInt(f -> f.testIndex().length).sum());
        for (int t : r.holdoutIndex()) assertThat(r.split().holdout().contains(t)).isTrue();
        // the last 3 labels are unknown: never scored
        assertThat(r.holdoutIndex()).doesNotContain(series.size() - 1);
        // the pattern is learnable: better than the base rate on the holdout
        assertThat(r.holdout().auc()).isGreaterThan(0.6);
        for (double p : r.holdoutP()) assertThat(p).isBetween(0.0, 1.0);
    }
}
