package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.schema.FeatureRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceScorerTest {

    private static final SymbolSeries SERIES = SyntheticSeries.create("BTC/USD", 420, 3, 2, 9);

    @TempDir Path dir;

    static List<FeatureRow> windowRows(SymbolSeries s, int t, int w) {
        List<FeatureRow> rows = new ArrayList<>();
        for (int i = t - w + 1; i <= t; i++) {
            rows.add(
                    new FeatureRow(
                            s.symbol(),
                            s.interval(),
                            s.ts()[i],
                            s.featureSet().id(),
                            true,
                            s.x()[i]));
        }
        return rows;
    }

    @Test
    void scoringSideEqualsTrainingSideOnTheHoldoutAndReloadIsIdentical() {
        for (SequenceArchitecture arch : SequenceArchitecture.values()) {
            SequenceTrainer.Result r =
                    new SequenceTrainer(
                                    SyntheticSeries.config().withEpochs(2, 1),
                                    SyntheticSeries.split())
                            .train(SERIES, arch);
            Path m = dir.resolve(arch.id());
            SequenceModelIO.save(r.model(), m);
            TrainedSequenceModel reloaded = SequenceModelIO.load(m);
            assertThat(reloaded.spec()).isEqualTo(r.model().spec());
            // reloaded weights give bit-identical batch scores
            assertThat(reloaded.predict(SERIES.x(), r.holdoutIndex()))
                    .containsExactly(r.holdoutP());
            SequenceScorer scorer = SequenceScorer.load(m, "btc-usd_1m_" + arch.id(), "1");
            assertThat(scorer.window()).isEqualTo(8);
            assertThat(scorer.modelType()).isEqualTo(arch.id());
            for (int i = 0; i < r.holdoutIndex().length; i++) {
                int t = r.holdoutIndex()[i];
                double p = scorer.probabilityUp(windowRows(SERIES, t, scorer.window()));
                assertThat(p)
                        .as("%s bar %d", arch.id(), t)
                        .isCloseTo(r.holdoutP()[i], org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void refusesWrongWindowsAndFeatureSets() {
        SequenceTrainer.Result r =
                new SequenceTrainer(
                                SyntheticSeries.config().withEpochs(1, 1), SyntheticSeries.split())
                        .train(SERIES, SequenceArchitecture.LSTM_NET);
        SequenceScorer scorer = new SequenceScorer("m", "1", r.model());
        assertThatThrownBy(() -> scorer.probabilityUp(windowRows(SERIES, 100, 7)))
                .hasMessageContaining("needs exactly 8");
        List<FeatureRow> other = new ArrayList<>(windowRows(SERIES, 100, 8));
        FeatureRow last = other.get(7);
        other.set(
                7,
                new FeatureRow(
                        last.symbol(), last.interval(), last.ts(), "core_v2", true, last.values()));
        assertThatThrownBy(() -> scorer.probabilityUp(other)).hasMessageContaining("core_v2");
        List<FeatureRow> cold = new ArrayList<>(windowRows(SERIES, 100, 8));
        FeatureRow c = cold.get(0);
        cold.set(
                0,
                new FeatureRow(
                        c.symbol(), c.interval(), c.ts(), c.featureSetId(), false, c.values()));
        assertThatThrownBy(() -> scorer.probabilityUp(cold)).hasMessageContaining("warm-up");
    }

    @Test
    void factoryLoadsByModelTypeAndScoresTheHoldoutLikeTheTrainer() {
        SequenceTrainer.Result r =
                new SequenceTrainer(
                                SyntheticSeries.config().withEpochs(1, 1), SyntheticSeries.split())
                        .train(SERIES, SequenceArchitecture.ATTENTION);
        Path m = dir.resolve("att");
        SequenceModelIO.save(r.model(), m);
        assertThat(ForecasterScorers.handles("attention")).isTrue();
        assertThat(ForecasterScorers.handles("gbt")).isFalse();
        var scorer = ForecasterScorers.load("attention", m, "x", "3", null);
        double[] p = ForecasterScorers.score(scorer, SERIES, r.holdoutIndex());
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i]).isCloseTo(r.holdoutP()[i], org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThatThrownBy(() -> ForecasterScorers.load("lstm", m, "x", "3", null))
                .hasMessageContaining("holds a attention model");
    }
}
