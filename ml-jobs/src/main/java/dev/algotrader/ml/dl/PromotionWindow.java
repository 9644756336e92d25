package dev.algotrader.ml.dl;

import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.core.validation.WalkForwardSplitter.Split;
import dev.algotrader.ml.eval.BinaryMetrics;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Where promotion is decided: the test windows of the last {@code algotrader.research.promotion
 * .window-folds} walk-forward folds, all before the holdout. A candidate's promotion score is the
 * mean promotion metric of its out-of-fold predictions on those folds (at threshold 0.5, as every
 * fold metric); the champion's is its recorded promotion score when it was decided on the same
 * bars, otherwise it is re-scored on them. The holdout chooses nothing: it stays the final,
 * reported check.
 */
public record PromotionWindow(List<Fold> folds, long fromTs, long toTs) {

    /** Version and run tag prefix: {@code promotion.log_loss}, {@code promotion.from_ts}, … */
    public static final String TAG = "promotion.";

    /** The last {@code windowFolds} folds of {@code split} ({@code ts} = bar times). */
    public static PromotionWindow of(Split split, int windowFolds, long[] ts) {
        List<Fold> all = split.folds();
        if (windowFolds < 1) {
            throw new IllegalArgumentException(
                    "algotrader.research.promotion.window-folds must be at least 1");
        }
        List<Fold> last = all.subList(Math.max(0, all.size() - windowFolds), all.size());
        return new PromotionWindow(
                List.copyOf(last),
                ts[last.get(0).test().from()],
                ts[last.get(last.size() - 1).test().to() - 1]);
    }

    /** Mean of {@code metric} over the window's folds; {@code folds} are all of a model's folds. */
    public double score(List<BinaryMetrics> folds, Metric metric) {
        int k = Math.min(this.folds.size(), folds.size());
        double sum = 0;
        for (BinaryMetrics m : folds.subList(folds.size() - k, folds.size())) sum += metric.of(m);
        return k == 0 ? Double.NaN : sum / k;
    }

    /** One line for boards and logs: which bars chose. */
    public String describe() {
        return "the last "
                + folds.size()
                + " walk-forward fold"
                + (folds.size() == 1 ? "" : "s")
                + " ("
                + Instant.ofEpochMilli(fromTs)
                + " → "
                + Instant.ofEpochMilli(toTs)
                + ", before the holdout)";
    }

    /** The tags that record a version's promotion score and window. */
    public Map<String, String> tags(Metric metric, double score) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(TAG + metric.key(), Double.toString(score));
        t.put(TAG + "from_ts", Long.toString(fromTs));
        t.put(TAG + "to_ts", Long.toString(toTs));
        t.put(TAG + "folds", Integer.toString(folds.size()));
        return t;
    }

    /** The champion's score on this window, or null with {@code why} saying why not. */
    public record ChampionScore(Double score, String note) {}

    /**
     * The score of {@code version} of {@code model} on this window: its recorded score when it was
     * decided on exactly these bars, else its probabilities re-scored on the window's bars of
     * {@code series}.
     */
    public ChampionScore champion(
            Registry registry, String model, String version, Metric metric, SymbolSeries series) {
        try {
            Scorer champ = RegistryScorers.load(registry, model, version);
            if (!champ.featureSet().id().equals(series.featureSet().id())) {
                return new ChampionScore(null, "trained on feature set " + champ.featureSet().id());
            }
            Map<String, String> tags =
                    registry.store()
                            .modelVersion(model, version)
                            .map(RegisteredVersion::tags)
                            .orElse(Map.of());
            String recorded = tags.get(TAG + metric.key());
            if (recorded != null
                    && Long.toString(fromTs).equals(tags.get(TAG + "from_ts"))
                    && Long.toString(toTs).equals(tags.get(TAG + "to_ts"))
                    && Integer.toString(folds.size()).equals(tags.get(TAG + "folds"))) {
                return new ChampionScore(Double.parseDouble(recorded), "");
            }
            double sum = 0;
            for (Fold f : folds) {
                int[] bars = IntStream.range(f.test().from(), f.test().to()).toArray();
                double[] p = ForecasterScorers.score(champ, series, bars);
                int missing = 0;
                for (double v : p) missing += Double.isNaN(v) ? 1 : 0;
                if (missing > 0) {
                    return new ChampionScore(
                            null,
                            "it cannot score "
                                    + missing
                                    + " promotion-window bars (window "
                                    + champ.window()
                                    + " needs earlier rows)");
                }
                int[] y = new int[bars.length];
                for (int i = 0; i < bars.length; i++) y[i] = series.label()[bars[i]];
                sum += metric.of(BinaryMetrics.of(p, y));
            }
            return new ChampionScore(sum / folds.size(), "");
        } catch (TrackingException | IllegalArgumentException | UncheckedIOException e) {
            return new ChampionScore(null, "cannot load it: " + e.getMessage());
        }
    }
}
