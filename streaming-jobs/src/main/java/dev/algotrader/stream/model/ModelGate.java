package dev.algotrader.stream.model;

import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The check a new champion passes before it may trade: it was trained on the trader's feature set
 * (same id and width), and a smoke test scores a fixed set of rows to finite probabilities in [0,
 * 1], twice with the same result. Anything else refuses the version.
 */
public final class ModelGate {

    /** Accepted, or refused with the reason. */
    public record Verdict(boolean accepted, String reason) {}

    private ModelGate() {}

    /** Checks {@code scorer} against the trader's feature set. Never throws. */
    public static Verdict check(Scorer scorer, FeatureSetSpec expected, int smokeRows) {
        try {
            FeatureSetSpec fs = scorer.featureSet();
            if (fs == null || !expected.id().equals(fs.id())) {
                return new Verdict(
                        false,
                        "feature set "
                                + (fs == null ? "null" : fs.id())
                                + " does not match the trader's "
                                + expected.id());
            }
            if (!fs.featureNames().equals(expected.featureNames())) {
                return new Verdict(false, "feature columns differ from " + expected.id());
            }
            List<FeatureRow> rows = smokeRows(expected, Math.max(smokeRows, scorer.window()));
            int w = Math.max(1, scorer.window());
            for (int end = w; end <= rows.size(); end++) {
                List<FeatureRow> window = rows.subList(end - w, end);
                double p = scorer.probabilityUp(window);
                double again = scorer.probabilityUp(window);
                if (!(p >= 0 && p <= 1)) {
                    return new Verdict(false, "smoke test scored " + p + ", not in [0, 1]");
                }
                if (Double.compare(p, again) != 0) {
                    return new Verdict(
                            false, "smoke test is not deterministic: " + p + " vs " + again);
                }
            }
            return new Verdict(true, "");
        } catch (RuntimeException | LinkageError e) {
            return new Verdict(false, "smoke test failed: " + e);
        }
    }

    /** Deterministic, plausible warm rows of {@code spec} (seeded, small magnitudes). */
    public static List<FeatureRow> smokeRows(FeatureSetSpec spec, int n) {
        SplittableRandom rnd = new SplittableRandom(42);
        List<FeatureRow> rows = new ArrayList<>(n);
        long ts = 1_704_067_200_000L;
        for (int i = 0; i < n; i++) {
            double[] v = new double[spec.featureNames().size()];
            for (int j = 0; j < v.length; j++) v[j] = (rnd.nextDouble() - 0.5) * 0.02;
            rows.add(new FeatureRow("SMOKE/USD", "1m", ts + i * 60_000L, spec.id(), true, v));
        }
        return rows;
    }
}
