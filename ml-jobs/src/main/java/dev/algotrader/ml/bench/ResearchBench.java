package dev.algotrader.ml.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.dl.SequenceArchitecture;
import dev.algotrader.ml.dl.SequenceBenchmark;
import dev.algotrader.ml.model.ModelKind;
import dev.algotrader.ml.model.ModelSpec;
import dev.algotrader.ml.model.PortableExport;
import dev.algotrader.ml.model.TreeModels;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code make bench} for the Researcher: RF and GBT training time over a synthetic table of {@code
 * rows} × 20 features (default 1,000,000), and scoring throughput of the portable scorer (plain
 * loop, one thread) against Spark's {@code transform} (local session, all its cores) on the same
 * rows, as a ratio measured in the same run. Then the LSTM's {@link SequenceBenchmark} (skip it
 * with {@code -Dbench.skip-sequence=true}).
 */
public final class ResearchBench {

    private ResearchBench() {}

    /** Sizes: training rows, scored rows, RF trees, GBT iterations, tree depth. */
    public record Options(
            long rows, int scoreRows, int rfTrees, int gbtIter, int depth, long seed) {
        public static Options defaults() {
            return new Options(1_000_000, 200_000, 20, 20, 5, 42);
        }
    }

    /** Measured figures. */
    public record Result(
            Options options,
            int cores,
            double rfTrainSeconds,
            double gbtTrainSeconds,
            double sparkRowsPerSecond,
            double portableRowsPerSecond,
            double maxAbsDiff) {

        public double ratio() {
            return portableRowsPerSecond / sparkRowsPerSecond;
        }

        /** Terminal text. */
        public String render() {
            return String.format(
                    Locale.ROOT,
                    "research bench (%d cores, synthetic %,d rows x 20 features, depth %d)%n"
                            + "  train RF  %3d trees      : %8.1f s%n"
                            + "  train GBT %3d iterations : %8.1f s%n"
                            + "  score %,d rows (GBT): Spark transform %,.0f rows/s,"
                            + " portable scorer %,.0f rows/s -> ratio %.1fx (max |dp| %.1e)%n",
                    cores,
                    options.rows(),
                    options.depth(),
                    options.rfTrees(),
                    rfTrainSeconds,
                    options.gbtIter(),
                    gbtTrainSeconds,
                    options.scoreRows(),
                    sparkRowsPerSecond,
                    portableRowsPerSecond,
                    ratio(),
                    maxAbsDiff);
        }
    }

    /** A synthetic labelled table with the default feature set's 20 columns. */
    static Dataset<Row> synthetic(SparkSession spark, long rows, long seed) {
        FeatureSetSpec fs = FeatureSetSpec.DEFAULT;
        List<Column> cols = new ArrayList<>();
        cols.add(col("id").as("ts"));
        for (int i = 0; i < fs.featureNames().size(); i++) {
            cols.add(randn(seed + i).as(fs.featureNames().get(i)));
        }
        Dataset<Row> x = spark.range(rows).select(cols.toArray(new Column[0]));
        Column signal =
                col(fs.featureNames().get(0))
                        .multiply(0.8)
                        .minus(col(fs.featureNames().get(1)).multiply(0.5))
                        .plus(randn(seed + 100));
        return x.withColumn(TrainingSet.LABEL, when(signal.gt(0.3), 1.0).otherwise(0.0));
    }

    /** Runs the benchmark. */
    public static Result run(SparkSession spark, Options o) {
        FeatureSetSpec fs = FeatureSetSpec.DEFAULT;
        Dataset<Row> data = synthetic(spark, o.rows(), o.seed()).cache();
        data.count();
        ModelSpec rf =
                ModelSpec.defaults(ModelKind.RF)
                        .with(
                                Map.of(
                                        "numTrees", Integer.toString(o.rfTrees()),
                                        "maxDepth", Integer.toString(o.depth())));
        ModelSpec gbt =
                ModelSpec.defaults(ModelKind.GBT)
                        .with(
                                Map.of(
                                        "maxIter", Integer.toString(o.gbtIter()),
                                        "maxDepth", Integer.toString(o.depth())));
        long t0 = System.nanoTime();
        TreeModels.pipeline(rf, fs, o.seed()).fit(data);
        double rfSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        PipelineModel model = TreeModels.pipeline(gbt, fs, o.seed()).fit(data);
        double gbtSec = (System.nanoTime() - t0) / 1e9;
        data.unpersist();

        Dataset<Row> score = synthetic(spark, o.scoreRows(), o.seed() + 1).cache();
        score.count();
        Column p =
                org.apache
                        .spark
                        .ml
                        .functions
                        .vector_to_array(col("probability"), "float64")
                        .getItem(1);
        // warm-up, then one timed run
        model.transform(score).agg(functions.sum(p)).collect();
        t0 = System.nanoTime();
        double sparkSum = model.transform(score).agg(functions.sum(p)).head().getDouble(0);
        double sparkSec = (System.nanoTime() - t0) / 1e9;

        List<Row> rows = score.collectAsList();
        double[][] x = new double[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            double[] v = new double[fs.featureNames().size()];
            for (int j = 0; j < v.length; j++) v[j] = rows.get(i).getDouble(1 + j);
            x[i] = v;
        }
        TreeEnsembleScorer portable = PortableExport.export(model, fs, "bench", "bench");
        double warm = 0;
        for (double[] v : x) warm += portable.probabilityUp(v);
        t0 = System.nanoTime();
        double sum = 0;
        for (double[] v : x) sum += portable.probabilityUp(v);
        double portableSec = (System.nanoTime() - t0) / 1e9;
        // spot-check agreement on the first rows (sum order differs, so compare rowwise)
        List<Row> sp =
                model.transform(score.limit(1000)).select(col("ts"), p.as("p")).collectAsList();
        double maxDiff = 0;
        for (Row r : sp) {
            int i = (int) r.getLong(0);
            maxDiff = Math.max(maxDiff, Math.abs(portable.probabilityUp(x[i]) - r.getDouble(1)));
        }
        if (Math.abs(sum - sparkSum) > 1e-6 * x.length || warm != sum) {
            throw new IllegalStateException(
                    "portable and Spark sums disagree: " + sum + " vs " + sparkSum);
        }
        score.unpersist();
        return new Result(
                o,
                Runtime.getRuntime().availableProcessors(),
                rfSec,
                gbtSec,
                x.length / sparkSec,
                x.length / portableSec,
                maxDiff);
    }

    /** {@code ResearchBench [rows] [scoreRows]}: prints the figures. */
    public static void main(String[] args) {
        Options d = Options.defaults();
        Options o =
                new Options(
                        args.length > 0 ? Long.parseLong(args[0]) : d.rows(),
                        args.length > 1 ? Integer.parseInt(args[1]) : d.scoreRows(),
                        d.rfTrees(),
                        d.gbtIter(),
                        d.depth(),
                        d.seed());
        SparkSession spark =
                SparkSession.builder()
                        .master(System.getProperty("spark.master", "local[2]"))
                        .appName("research-bench")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "4")
                        .getOrCreate();
        try {
            System.out.print(run(spark, o).render());
        } finally {
            spark.stop();
        }
        // the forecaster's LSTM on CPU (what `make bench` shows for the sequence models):
        // training time per epoch, batch and per-bar inference, against batch inference
        if (!Boolean.getBoolean("bench.skip-sequence")) {
            SequenceBenchmark.print(List.of(SequenceArchitecture.LSTM_NET));
        }
    }
}
