package dev.algotrader.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScoreWindowTest {

    /** Scores a window as the mean of its rows' first values. */
    private record MeanScorer(int window) implements Scorer {
        @Override
        public String modelName() {
            return "mean";
        }

        @Override
        public String modelVersion() {
            return "1";
        }

        @Override
        public FeatureSetSpec featureSet() {
            return FeatureSetSpec.DEFAULT;
        }

        @Override
        public double probabilityUp(List<FeatureRow> rows) {
            double s = 0;
            for (FeatureRow r : rows) s += r.values()[0];
            return s / rows.size();
        }
    }

    private static FeatureRow row(long ts, boolean warm, double v) {
        double[] values = new double[FeatureSetSpec.DEFAULT.featureNames().size()];
        values[0] = v;
        return new FeatureRow("X", "1m", ts, FeatureSetSpec.DEFAULT.id(), warm, values);
    }

    @Test
    void pointwiseScoresEveryWarmRowAndNothingCold() {
        ScoreWindow w = new ScoreWindow();
        Scorer s = new MeanScorer(1);
        assertEquals(OptionalDouble.empty(), w.score(s, row(0, false, 0.3)));
        assertEquals(OptionalDouble.of(0.4), w.score(s, row(1, true, 0.4)));
        assertEquals(OptionalDouble.empty(), w.score(null, row(2, true, 0.4)));
        assertTrue(w.rows().isEmpty());
    }

    @Test
    void aSequenceModelWaitsForItsWindowOfWarmRowsThenSlides() {
        ScoreWindow w = new ScoreWindow();
        Scorer s = new MeanScorer(3);
        assertEquals(OptionalDouble.empty(), w.score(s, row(0, false, 9)));
        assertEquals(OptionalDouble.empty(), w.score(s, row(1, true, 0.3)));
        assertEquals(OptionalDouble.empty(), w.score(s, row(2, true, 0.6)));
        assertEquals(0.6, w.score(s, row(3, true, 0.9)).getAsDouble(), 1e-12);
        assertEquals(0.8, w.score(s, row(4, true, 0.9)).getAsDouble(), 1e-12);
        assertEquals(3, w.rows().size());
        ScoreWindow restored = new ScoreWindow(w.rows());
        assertEquals(
                w.score(s, row(5, true, 0.0)).getAsDouble(),
                restored.score(s, row(5, true, 0.0)).getAsDouble(),
                0);
    }
}
