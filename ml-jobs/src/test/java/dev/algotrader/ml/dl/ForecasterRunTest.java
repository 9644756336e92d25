package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.ensemble.EnsembleScorer;
import dev.algotrader.ml.ensemble.OutOfFoldPredictions;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecasterRunTest {

    @TempDir Path out;

    /** A fixed pointwise "tree" model: P = sigmoid(first feature of the newest row). */
    record PointwiseScorer(String modelName, FeatureSetSpec featureSet) implements Scorer {
        @Override
        public String modelVersion() {
            return "7";
        }

        @Override
        public double probabilityUp(List<FeatureRow> window) {
            return p(window.get(window.size() - 1).values());
        }

        static double p(double[] x) {
            return 1 / (1 + Math.exp(-x[0]));
        }
    }

    @Test
    void trainsSequenceModelsAndAnEnsembleWhoseScorerMatchesTheTrainingSide() throws Exception {
        SymbolSeries s = SyntheticSeries.create("BTC/USD", 520, 3, 2, 21);
        ForecasterConfig cfg = SyntheticSeries.config(List.of("lstm"), 2, 1, 64);
        Split split = new WalkForwardSplitter(SyntheticSeries.split()).split(s.size());
        // the "tree" base: out-of-fold on every test window, and on the holdout
        List<Integer> folds = new ArrayList<>(), idx = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        for (Fold f : split.folds()) {
            for (int t = f.test().from(); t < f.test().to(); t++) {
                if (s.label()[t] < 0) continue;
                folds.add(f.index());
                idx.add(t);
                p.add(PointwiseScorer.p(s.x()[t]));
            }
        }
        int[] hold =
                IntStream.range(split.holdout().from(), split.holdout().to())
                        .filter(t -> s.label()[t] >= 0)
                        .toArray();
        ForecasterRun.BaseModel tree =
                new ForecasterRun.BaseModel(
                        new BaseModelRef("btc-usd_1m_trees", "7", "gbt"),
                        new OutOfFoldPredictions(
                                "gbt",
                                folds.stream().mapToInt(Integer::intValue).toArray(),
                                idx.stream().mapToInt(Integer::intValue).toArray(),
                                p.stream().mapToDouble(Double::doubleValue).toArray()),
                        hold,
                        IntStream.of(hold).mapToDouble(t -> PointwiseScorer.p(s.x()[t])).toArray());

        ForecasterRun.Result r =
                ForecasterRun.run(s, split, cfg, SyntheticSeries.split(), List.of(tree), out);

        assertThat(r.reports())
                .extracting(ForecasterRun.ModelReport::modelType)
                .containsExactly("lstm", "ensemble");
        assertThat(Files.exists(out.resolve("lstm/model/model.zip"))).isTrue();
        assertThat(Files.readString(out.resolve("lstm/learning_curves.svg"))).startsWith("<svg");
        assertThat(Files.readString(out.resolve("lstm/evaluation.json")))
                .contains("holdout_log_loss");
        ForecasterRun.ModelReport ens = r.reports().get(1);
        assertThat(ens.holdoutIndex()).containsExactly(hold);
        // walk-forward score of the ensemble: folds 1.. (stacker fitted on earlier folds only)
        assertThat(ens.folds()).hasSize(split.folds().size() - 1);
        assertThat(ens.metrics().get("cv_mean_log_loss")).isFinite();
        assertThat(ens.metrics())
                .containsKeys("holdout_log_loss", "holdout_auc", "holdout_prior_log_loss");
        // the informative tree base gets a positive weight
        assertThat(r.ensemble().weights()[0]).isGreaterThan(0);

        // scoring side: ensemble.json + registered bases through the Scorer contract
        EnsembleModel saved = EnsembleIO.read(out.resolve("ensemble/model"));
        SequenceScorer lstm = SequenceScorer.load(out.resolve("lstm/model"), "lstm", "");
        EnsembleScorer scorer =
                new EnsembleScorer(
                        "btc-usd_1m_trees",
                        "9",
                        saved,
                        List.of(new PointwiseScorer("btc-usd_1m_trees", s.featureSet()), lstm));
        assertThat(scorer.window()).isEqualTo(8);
        for (int i = 0; i < hold.length; i++) {
            double q = scorer.probabilityUp(SequenceScorerTest.windowRows(s, hold[i], 8));
            assertThat(q).isCloseTo(ens.holdoutP()[i], Offset.offset(1e-6));
        }
    }
}
