package dev.algotrader.ml.dl;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded feature series whose label depends on the last few rows (learnable by a sequence net). */
final class SyntheticSeries {

    private SyntheticSeries() {}

    static FeatureSetSpec spec(int f) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < f; j++) names.add("f" + j);
        return new FeatureSetSpec("synthetic", 1, names);
    }

    /** {@code n} rows of {@code f} features; the last {@code unknown} labels are -1. */
    static SymbolSeries create(String symbol, int n, int f, int unknown, long seed) {
        Random r = new Random(seed);
        long[] ts = new long[n];
        double[][] x = new double[n][f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 60_000L * i;
            for (int j = 0; j < f; j++) x[i][j] = 10 * j + r.nextGaussian() * (1 + j);
        }
        for (int i = 0; i < n; i++) {
            double s =
                    x[i][0]
                            + (i > 0 ? x[i - 1][0] : 0)
                            - 0.5
                                    * (i > 1
                                            ? x[i - 2][Math.min(1, f - 1)] - 10 * Math.min(1, f - 1)
                                            : 0);
            y[i] = i >= n - unknown ? -1 : (s + 0.5 * r.nextGaussian() > 0 ? 1 : 0);
        }
        return new SymbolSeries(symbol, "1m", spec(f), ts, x, y);
    }

    static ForecasterConfig config() {
        return config(List.of("lstm", "attention"), 4, 2, 32);
    }

    /** The small test network (window 8, hidden 8) with the given models, epochs and batch. */
    static ForecasterConfig config(
            List<String> models, int maxEpochs, int patience, int batchSize) {
        return new ForecasterConfig(
                models, 8, 8, 2, 4, maxEpochs, patience, batchSize, 0.01, 1e-4, 0.2, "float", 7,
                true, 1.0);
    }

    static WalkForwardSplitter.Config split() {
        return new WalkForwardSplitter.Config(
                2, WalkForwardSplitter.Mode.EXPANDING, 0.2, 4, 3, 100, 0);
    }
}
