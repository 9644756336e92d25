package dev.algotrader.ml.dl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Per-feature z-score: {@code (v - mean) / std}, with statistics fitted on the rows a predicate
 * selects (a training fold only) and stored with the model. A constant feature gets std 1.
 */
public final class ZScoreNormalizer implements Serializable {

    private final double[] mean;
    private final double[] std;

    @JsonCreator
    public ZScoreNormalizer(
            @JsonProperty("mean") double[] mean, @JsonProperty("std") double[] std) {
        if (mean.length != std.length) throw new IllegalArgumentException("mean/std length");
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Fits mean and population standard deviation on the rows {@code i} with {@code use(i)}. */
    public static ZScoreNormalizer fit(double[][] x, IntPredicate use) {
        int f = x.length == 0 ? 0 : x[0].length;
        double[] mean = new double[f];
        double[] m2 = new double[f];
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!use.test(i)) continue;
            n++;
            // Welford: stable for large offsets (prices, volumes)
            for (int j = 0; j < f; j++) {
                double d = x[i][j] - mean[j];
                mean[j] += d / n;
                m2[j] += d * (x[i][j] - mean[j]);
            }
        }
        if (n == 0) throw new IllegalArgumentException("no training rows to fit the normaliser on");
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            double s = Math.sqrt(m2[j] / n);
            std[j] = s > 1e-12 ? s : 1.0;
        }
        return new ZScoreNormalizer(mean, std);
    }

    /** The normalised value of feature {@code j}. */
    public double apply(int j, double v) {
        return (v - mean[j]) / std[j];
    }

    @JsonProperty("mean")
    public double[] mean() {
        return mean.clone();
    }

    @JsonProperty("std")
    public double[] std() {
        return std.clone();
    }

    public int features() {
        return mean.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZScoreNormalizer z
                && Arrays.equals(mean, z.mean)
                && Arrays.equals(std, z.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }
}
