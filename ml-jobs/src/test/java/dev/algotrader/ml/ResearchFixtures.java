package dev.algotrader.ml;

import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Test fixtures of the Researcher: one shared local SparkSession with Delta, and a writer of {@code
 * silver/features} / {@code gold/labels} Delta tables shaped exactly like the ingest job's (see
 * {@link Table}), from a seeded synthetic series with a learnable signal.
 */
public final class ResearchFixtures {

    private static SparkSession spark;

    private ResearchFixtures() {}

    /** The JVM-wide test session: local[2], 4 shuffle partitions, UI off, Delta enabled. */
    public static synchronized SparkSession spark() {
        if (spark == null) {
            spark =
                    SparkSession.builder()
                            .master("local[2]")
                            .appName("ml-jobs-test")
                            .config("spark.ui.enabled", "false")
                            .config("spark.sql.shuffle.partitions", "4")
                            .config("spark.default.parallelism", "2")
                            .config(
                                    "spark.sql.extensions",
                                    "io.delta.sql.DeltaSparkSessionExtension")
                            .config(
                                    "spark.sql.catalog.spark_catalog",
                                    "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                            .config("spark.databricks.delta.snapshotPartitions", "2")
                            .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        return spark;
    }

    /** Shape of the synthetic series. */
    public record Series(
            String symbol,
            String interval,
            int bars,
            int horizon,
            int warmup,
            long seed,
            String featureSetId,
            double signal,
            int perturbFrom) {

        public static Series of(int bars, int horizon, long seed) {
            return new Series(
                    "BTC/USD",
                    "1m",
                    bars,
                    horizon,
                    20,
                    seed,
                    FeatureSetSpec.DEFAULT.id(),
                    1.0,
                    Integer.MAX_VALUE);
        }

        public Series withFeatureSet(String id) {
            return new Series(
                    symbol, interval, bars, horizon, warmup, seed, id, signal, perturbFrom);
        }

        /** Bars from index {@code i} on are drawn from another seed (same shape). */
        public Series perturbedFrom(int i) {
            return new Series(
                    symbol, interval, bars, horizon, warmup, seed, featureSetId, signal, i);
        }

        long seedOf(int i) {
            return i >= perturbFrom ? seed + 7_777 : seed;
        }
    }

    public static final long START = 1_704_067_200_000L;

    /** Feature values of bar {@code i} (deterministic in seed and i). */
    static double[] features(Series s, int i) {
        SplittableRandom r = new SplittableRandom(s.seedOf(i) * 1_000_003L + i);
        double[] x = new double[FeatureSetSpec.DEFAULT.featureNames().size()];
        for (int j = 0; j < x.length; j++) x[j] = gaussian(r);
        return x;
    }

    /** Forward log return of bar {@code i}: a signal in features 0..3 plus noise. */
    static double forwardReturn(Series s, int i) {
        double[] x = features(s, i);
        SplittableRandom r = new SplittableRandom(s.seedOf(i) * 7_919L + i * 31L + 5);
        double signal = 0.8 * x[0] - 0.5 * x[1] + 0.4 * x[2] * x[3];
        return 0.001 * s.signal() * signal + 0.001 * gaussian(r);
    }

    /**
     * Writes (overwrites) both tables for the series under {@code root}; the last {@code horizon}
     * bars have no label, the first {@code warmup} are not warm. Returns nothing; versions advance
     * by one per call.
     */
    public static void writeTables(SparkSession spark, Path root, Series s) {
        writeTables(spark, root, s, SaveMode.Overwrite);
    }

    public static void writeTables(SparkSession spark, Path root, Series s, SaveMode mode) {
        List<String> names = FeatureSetSpec.DEFAULT.featureNames();
        List<StructField> ff = new ArrayList<>();
        ff.add(DataTypes.createStructField("symbol", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("interval", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("ts", DataTypes.LongType, false));
        ff.add(DataTypes.createStructField("feature_set", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("warm", DataTypes.BooleanType, false));
        for (String n : names) ff.add(DataTypes.createStructField(n, DataTypes.DoubleType, true));
        StructType fSchema = DataTypes.createStructType(ff);
        StructType lSchema =
                DataTypes.createStructType(
                        List.of(
                                DataTypes.createStructField("symbol", DataTypes.StringType, false),
                                DataTypes.createStructField(
                                        "interval", DataTypes.StringType, false),
                                DataTypes.createStructField("ts", DataTypes.LongType, false),
                                DataTypes.createStructField(
                                        "horizon", DataTypes.IntegerType, false),
                                DataTypes.createStructField(
                                        "forward_log_return", DataTypes.DoubleType, false),
                                DataTypes.createStructField(
                                        "direction", DataTypes.StringType, false),
                                DataTypes.createStructField(
                                        "label", DataTypes.IntegerType, false)));
        List<Row> fRows = new ArrayList<>();
        List<Row> lRows = new ArrayList<>();
        for (int i = 0; i < s.bars(); i++) {
            long ts = START + i * 60_000L;
            double[] x = features(s, i);
            Object[] vals = new Object[5 + x.length];
            vals[0] = s.symbol();
            vals[1] = s.interval();
            vals[2] = ts;
            vals[3] = s.featureSetId();
            vals[4] = i >= s.warmup();
            for (int j = 0; j < x.length; j++) vals[5 + j] = x[j];
            fRows.add(RowFactory.create(vals));
            if (i < s.bars() - s.horizon()) {
                double r = forwardReturn(s, i);
                String dir = r > 0.0005 ? "UP" : r < -0.0005 ? "DOWN" : "FLAT";
                int label = dir.equals("UP") ? 1 : dir.equals("DOWN") ? -1 : 0;
                lRows.add(
                        RowFactory.create(
                                s.symbol(), s.interval(), ts, s.horizon(), r, dir, label));
            }
        }
        Dataset<Row> f = spark.createDataFrame(fRows, fSchema).coalesce(2);
        Dataset<Row> l = spark.createDataFrame(lRows, lSchema).coalesce(2);
        f.write()
                .format("delta")
                .mode(mode)
                .option("overwriteSchema", "true")
                .save(root.resolve(Table.FEATURES.path()).toString());
        l.write()
                .format("delta")
                .mode(mode)
                .option("overwriteSchema", "true")
                .save(root.resolve(Table.LABELS.path()).toString());
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
