package dev.algotrader.batch.bench;

import dev.algotrader.batch.BarFrames;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Features throughput: the Spark features transform ({@code local[2]} by default) over ≥ 1M
 * synthetic bars versus {@link FeatureEngine} in a plain loop on the same bars, in one run. Each
 * side gets one warm-up pass; the figure is the second pass. Spark is measured twice: compute only
 * (noop sink) and compute + Delta write.
 *
 * <p>Usage: {@code FeatureBench [symbols] [barsPerSymbol]} (default 100 × 10,000 = 1,000,000).
 */
public final class FeatureBench {

    private FeatureBench() {}

    /** Results of one benchmark run, in rows per second. */
    public record Result(
            long rows, double coreRowsPerSec, double sparkRowsPerSec, double sparkDeltaRowsPerSec) {
        public double ratio() {
            return sparkRowsPerSec / coreRowsPerSec;
        }

        /** The lines the benchmark prints. */
        public List<String> lines() {
            return List.of(
                    String.format(Locale.ROOT, "features bench: %,d synthetic bars", rows),
                    String.format(
                            Locale.ROOT,
                            "  core engine, plain loop (1 thread): %,12.0f rows/s",
                            coreRowsPerSec),
                    String.format(
                            Locale.ROOT,
                            "  Spark features job (compute)      : %,12.0f rows/s",
                            sparkRowsPerSec),
                    String.format(
                            Locale.ROOT,
                            "  Spark features job (+ Delta write): %,12.0f rows/s",
                            sparkDeltaRowsPerSec),
                    String.format(
                            Locale.ROOT,
                            "  ratio Spark/core (compute): %.3f   (+ Delta write): %.3f",
                            ratio(),
                            sparkDeltaRowsPerSec / coreRowsPerSec));
        }
    }

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perSymbol = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        AppConfig config = AppConfig.defaults();
        SparkSession spark = SparkSessions.getOrCreate(config);
        spark.sparkContext().setLogLevel("WARN");
        Result r = run(spark, symbols, perSymbol, 42L);
        PrintStream out = System.out; // the benchmark's own output, like the CLI's
        r.lines().forEach(out::println);
        spark.stop();
    }

    /** Runs both sides on {@code symbols × perSymbol} bars generated with {@code seed}. */
    public static Result run(SparkSession spark, int symbols, int perSymbol, long seed)
            throws Exception {
        List<Bar> bars = SyntheticBars.generateMany(symbols, perSymbol, "1m", seed);
        long n = bars.size();
        FeatureSetSpec spec = FeatureSetSpec.DEFAULT;

        // core: one engine per symbol, bars in order, a plain loop
        coreLoop(bars, spec);
        long t0 = System.nanoTime();
        long checksum = coreLoop(bars, spec);
        double coreSec = (System.nanoTime() - t0) / 1e9;

        Dataset<Row> input =
                BarFrames.silver(spark, bars, "synthetic").persist(StorageLevel.MEMORY_ONLY());
        input.count();
        bars = null; // let the driver copy go
        Dataset<Row> features = FeaturesJob.transform(input, spec);
        features.write().format("noop").mode("overwrite").save();
        long t1 = System.nanoTime();
        features.write().format("noop").mode("overwrite").save();
        double sparkSec = (System.nanoTime() - t1) / 1e9;

        Path tmp = Files.createTempDirectory("feature-bench");
        long t2 = System.nanoTime();
        features.write().format("delta").mode("overwrite").save(tmp.resolve("features").toString());
        double deltaSec = (System.nanoTime() - t2) / 1e9;
        input.unpersist();
        if (checksum == 42) System.err.print(""); // keep the loop's result alive
        deleteTree(tmp);
        return new Result(n, n / coreSec, n / sparkSec, n / deltaSec);
    }

    private static long coreLoop(List<Bar> bars, FeatureSetSpec spec) {
        long warm = 0;
        FeatureEngine e = null;
        String sym = null;
        for (Bar b : bars) {
            if (!b.symbol().equals(sym)) {
                sym = b.symbol();
                e = FeatureEngine.create(spec, b.symbol(), b.interval());
            }
            FeatureRow f = e.update(b);
            if (f.warm()) warm++;
        }
        return warm;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.toList());
            java.util.Collections.reverse(all);
            for (Path x : all) Files.deleteIfExists(x);
        }
    }
}
