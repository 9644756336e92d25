package dev.algotrader.ml.dl;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.validation.WalkForwardSplitter.Range;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * CPU benchmark of the LSTM (and the attention model): training seconds per epoch, batch inference
 * rows/s, and single-symbol latency per bar through {@link SequenceScorer} (the trader's path). The
 * baseline measured in the same run is batch inference; the per-bar path is reported as a ratio
 * against it. Input: a seeded series of {@link FeatureSetSpec#DEFAULT} width.
 */
public final class SequenceBenchmark {

    /** Benchmark size. */
    public record Settings(int rows, int epochs, int latencyCalls, ForecasterConfig model) {
        /** 6,000 rows, 2 epochs, 1,000 latency calls, the configured model settings. */
        public static Settings defaults(ForecasterConfig model) {
            return new Settings(6000, 2, 1000, model);
        }

        int window() {
            return model.window();
        }
    }

    /** Figures of one architecture. */
    public record Figures(
            String model,
            int window,
            int trainWindows,
            double secondsPerEpoch,
            double trainRowsPerSecond,
            double batchRowsPerSecond,
            double perBarRowsPerSecond,
            double latencyP50Micros,
            double latencyP99Micros) {

        /** Seconds of one batch-inference pass over the training windows (the baseline). */
        public double inferencePassSeconds() {
            return trainWindows / batchRowsPerSecond;
        }

        /**
         * Human-readable lines; every figure is a ratio against batch inference measured in the
         * same run: an epoch against one inference pass over the same windows, the per-bar path's
         * rows/s against batch rows/s, the per-bar latency against batch time per row.
         */
        public List<String> lines() {
            double perRowMicros = 1e6 / batchRowsPerSecond;
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "%s train: %d windows of %d rows, %.3f s/epoch (%.0f windows/s) = %.1fx"
                                    + " one batch-inference pass over the same windows (%.3f s)",
                            model,
                            trainWindows,
                            window,
                            secondsPerEpoch,
                            trainRowsPerSecond,
                            secondsPerEpoch / inferencePassSeconds(),
                            inferencePassSeconds()),
                    String.format(
                            Locale.ROOT,
                            "%s inference: batch %.0f rows/s (baseline, %.1f µs/row); per bar, one"
                                    + " symbol: %.0f rows/s = %.3fx of batch, latency p50 %.0f µs"
                                    + " (%.0fx the batch time per row) p99 %.0f µs",
                            model,
                            batchRowsPerSecond,
                            perRowMicros,
                            perBarRowsPerSecond,
                            perBarRowsPerSecond / batchRowsPerSecond,
                            latencyP50Micros,
                            latencyP50Micros / perRowMicros,
                            latencyP99Micros));
        }
    }

    private SequenceBenchmark() {}

    /** Runs the benchmark for {@code arch}. */
    public static Figures run(SequenceArchitecture arch, Settings s) {
        int f = FeatureSetSpec.DEFAULT.featureNames().size();
        Random r = new Random(s.model().seed());
        long[] ts = new long[s.rows()];
        double[][] x = new double[s.rows()][f];
        int[] y = new int[s.rows()];
        for (int i = 0; i < s.rows(); i++) {
            ts[i] = 1_700_000_000_000L + 60_000L * i;
            for (int j = 0; j < f; j++) x[i][j] = r.nextGaussian();
            y[i] = x[i][0] + (i > 0 ? x[i - 1][0] : 0) + 0.5 * r.nextGaussian() > 0 ? 1 : 0;
        }
        SymbolSeries series = new SymbolSeries("BENCH/USD", "1m", FeatureSetSpec.DEFAULT, ts, x, y);
        ForecasterConfig cfg = s.model().withEpochs(s.epochs(), s.epochs());
        var trainer =
                new SequenceTrainer(
                        cfg,
                        new dev.algotrader.core.validation.WalkForwardSplitter.Config(
                                1,
                                dev.algotrader.core.validation.WalkForwardSplitter.Mode.EXPANDING,
                                0.2,
                                0,
                                0,
                                100,
                                0));
        SequenceTrainer.FitResult fit =
                trainer.fit(series, List.of(new Range(0, s.rows())), arch, "bench");
        TrainedSequenceModel model = fit.model();

        int[] all = IntStream.range(s.window() - 1, s.rows()).toArray();
        model.predict(x, Arrays.copyOf(all, 256)); // warm-up
        long t0 = System.nanoTime();
        model.predict(x, all);
        double batchRate = all.length / ((System.nanoTime() - t0) / 1e9);

        SequenceScorer scorer = new SequenceScorer("bench", "0", model);
        List<List<FeatureRow>> windows = new ArrayList<>();
        for (int k = 0; k < Math.min(s.latencyCalls(), all.length); k++) {
            int t = all[all.length - 1 - k];
            List<FeatureRow> w = new ArrayList<>(s.window());
            for (int i = t - s.window() + 1; i <= t; i++) {
                w.add(
                        new FeatureRow(
                                "BENCH/USD", "1m", ts[i], FeatureSetSpec.DEFAULT.id(), true, x[i]));
            }
            windows.add(w);
        }
        for (int k = 0; k < Math.min(200, windows.size()); k++)
            scorer.probabilityUp(windows.get(k));
        long[] lat = new long[windows.size()];
        long total = 0;
        for (int k = 0; k < windows.size(); k++) {
            long a = System.nanoTime();
            scorer.probabilityUp(windows.get(k));
            lat[k] = System.nanoTime() - a;
            total += lat[k];
        }
        Arrays.sort(lat);
        double perBarRate = windows.size() / (total / 1e9);
        return new Figures(
                arch.id(),
                s.window(),
                fit.fitSamples(),
                fit.secondsPerEpoch(),
                fit.fitSamples() / fit.secondsPerEpoch(),
                batchRate,
                perBarRate,
                lat[lat.length / 2] / 1e3,
                lat[(int) (lat.length * 0.99)] / 1e3);
    }

    /**
     * Prints the figures of the LSTM and the attention model (the benchmark's command output);
     * system properties {@code bench.rows/window/epochs/calls} change the size.
     */
    public static void main(String[] args) {
        print(List.of(SequenceArchitecture.values()));
    }

    /** Prints the figures of {@code archs} with the configured model and the bench sizes. */
    public static void print(List<SequenceArchitecture> archs) {
        Settings d = Settings.defaults(ForecasterConfig.from(AppConfig.defaults()));
        Settings s =
                new Settings(
                        Integer.getInteger("bench.rows", d.rows()),
                        Integer.getInteger("bench.epochs", d.epochs()),
                        Integer.getInteger("bench.calls", d.latencyCalls()),
                        d.model().withWindow(Integer.getInteger("bench.window", d.window())));
        System.out.printf(
                Locale.ROOT,
                "sequence bench (%d cores, CPU nd4j-native, synthetic %,d rows x %d features,"
                        + " window %d, hidden %d, batch %d, %s, %d epochs, %,d per-bar calls)%n",
                Runtime.getRuntime().availableProcessors(),
                s.rows(),
                FeatureSetSpec.DEFAULT.featureNames().size(),
                s.window(),
                s.model().hiddenSize(),
                s.model().batchSize(),
                s.model().dataType(),
                s.epochs(),
                s.latencyCalls());
        for (SequenceArchitecture a : archs) {
            for (String line : run(a, s).lines()) System.out.println("  " + line);
        }
    }
}
