package dev.algotrader.ml.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.lake.DeltaStore;
import dev.algotrader.ml.ResearchException;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link TrainingSet}: {@code silver/features} joined with {@code gold/labels}
 * point-in-time on {@code (symbol, interval, ts)} — the label of bar {@code t} looks forward from
 * the close of {@code t}, the features of {@code t} look back, so the equi-join on the bar time is
 * the as-of join — for one feature set and one horizon; warm-up rows ({@code warm = false}),
 * unlabeled rows and rows with a null/NaN feature are excluded; {@link TrainingSet#times()} is
 * increasing and rows are hash-partitioned by time and sorted inside each partition, so seeded
 * training is reproducible. The Delta versions read are recorded; passing them back reads the same
 * snapshot (time travel).
 */
public final class TrainingSetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSetLoader.class);

    private TrainingSetLoader() {}

    /**
     * What to load. {@code featuresVersion}/{@code labelsVersion} null = latest; {@code
     * horizonBars} must be positive.
     */
    public record Request(
            Path dataRoot,
            String symbol,
            String interval,
            int horizonBars,
            FeatureSetSpec featureSet,
            Long featuresVersion,
            Long labelsVersion) {}

    /** Loads and caches the training set; throws {@link ResearchException} on bad input. */
    public static TrainingSet load(SparkSession spark, Request req) {
        DeltaStore lake = new DeltaStore(spark, req.dataRoot());
        long fv = resolveVersion(lake, Table.FEATURES, req.featuresVersion(), "features");
        long lv = resolveVersion(lake, Table.LABELS, req.labelsVersion(), "labels");
        Dataset<Row> features = lake.read(Table.FEATURES, fv);
        Dataset<Row> labels = lake.read(Table.LABELS, lv);
        return build(features, labels, fv, lv, req);
    }

    /** The pure transform of {@link #load}, on given tables. */
    public static TrainingSet build(
            Dataset<Row> features,
            Dataset<Row> labels,
            long featuresVersion,
            long labelsVersion,
            Request req) {
        FeatureSetSpec fs = req.featureSet();
        List<String> missing = new ArrayList<>();
        List<String> present = Arrays.asList(features.columns());
        for (String f : fs.featureNames()) if (!present.contains(f)) missing.add(f);
        Dataset<Row> series =
                features.filter(
                        col("symbol")
                                .equalTo(req.symbol())
                                .and(col("interval").equalTo(req.interval())));
        List<String> sets =
                series.select("feature_set")
                        .distinct()
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .collectAsList();
        if (sets.isEmpty()) {
            throw new ResearchException(
                    "silver/features has no rows for "
                            + req.symbol()
                            + " "
                            + req.interval()
                            + ": run `bin/algo-trader features` first (or pick another"
                            + " --symbol/--interval)");
        }
        if (!sets.contains(fs.id())) {
            throw new ResearchException(
                    "feature-set mismatch: silver/features has "
                            + sets
                            + " for "
                            + req.symbol()
                            + " "
                            + req.interval()
                            + " but training wants "
                            + fs.id()
                            + ": recompute features or set algotrader.features.set/version");
        }
        if (!missing.isEmpty()) {
            throw new ResearchException(
                    "feature-set mismatch: silver/features lacks columns "
                            + missing
                            + " of "
                            + fs.id()
                            + ": recompute features with the current feature set");
        }
        Dataset<Row> lab =
                labels.filter(
                                col("symbol")
                                        .equalTo(req.symbol())
                                        .and(col("interval").equalTo(req.interval()))
                                        .and(col("horizon").equalTo(req.horizonBars())))
                        .select(
                                col("symbol"),
                                col("interval"),
                                col("ts"),
                                col("forward_log_return"),
                                col("direction"),
                                when(col("direction").equalTo("UP"), 1.0)
                                        .otherwise(0.0)
                                        .as(TrainingSet.LABEL));
        List<Column> cols = new ArrayList<>(List.of(col("symbol"), col("interval"), col("ts")));
        for (String f : fs.featureNames()) cols.add(col(f).cast("double").as(f));
        Dataset<Row> feats =
                series.filter(col("feature_set").equalTo(fs.id()).and(col("warm")))
                        .select(cols.toArray(new Column[0]));
        Dataset<Row> joined = feats.join(lab, new String[] {"symbol", "interval", "ts"}).cache();
        Column valid = org.apache.spark.sql.functions.lit(true);
        for (String f : fs.featureNames()) {
            valid = valid.and(col(f).isNotNull()).and(col(f).isNaN().unary_$bang());
        }
        long joinedCount = joined.count();
        // Deterministic layout: partition content by a hash of ts and a fixed row order inside
        // each partition, so seeded bagging/subsampling (per partition, in row order) repeats
        // exactly for the same table versions and the same spark.sql.shuffle.partitions.
        int parts =
                Integer.parseInt(
                        features.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        Dataset<Row> rows =
                joined.filter(valid)
                        .repartition(parts, col("ts"))
                        .sortWithinPartitions("ts")
                        .cache();
        List<Long> ts = rows.select("ts").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
        joined.unpersist();
        long[] times = new long[ts.size()];
        for (int i = 0; i < times.length; i++) times[i] = ts.get(i);
        Arrays.sort(times);
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new ResearchException(
                        "duplicate bar time "
                                + times[i]
                                + " in the training set of "
                                + req.symbol()
                                + " "
                                + req.interval()
                                + ": the feature or label table has duplicate keys; re-run"
                                + " the features/labels job");
            }
        }
        long positives = rows.filter(col(TrainingSet.LABEL).equalTo(1.0)).count();
        LOG.info(
                "training set {} {} h={}: {} rows ({} UP), {} excluded for null/NaN features,"
                        + " features v{}, labels v{}",
                req.symbol(),
                req.interval(),
                req.horizonBars(),
                times.length,
                positives,
                joinedCount - times.length,
                featuresVersion,
                labelsVersion);
        return new TrainingSet(
                rows,
                req.symbol(),
                req.interval(),
                req.horizonBars(),
                fs,
                featuresVersion,
                labelsVersion,
                times,
                positives,
                joinedCount - times.length);
    }

    /** Horizons present in gold/labels for a series (for messages and defaults). */
    public static List<Integer> horizons(SparkSession spark, Path dataRoot, String sym, String iv) {
        DeltaStore lake = new DeltaStore(spark, dataRoot);
        if (!lake.exists(Table.LABELS)) return List.of();
        return lake.read(Table.LABELS)
                .filter(col("symbol").equalTo(sym).and(col("interval").equalTo(iv)))
                .select("horizon")
                .distinct()
                .orderBy("horizon")
                .as(org.apache.spark.sql.Encoders.INT())
                .collectAsList();
    }

    /** The Delta version to read: {@code wanted}, checked, or the latest. */
    private static long resolveVersion(DeltaStore lake, Table table, Long wanted, String what) {
        long latest = lake.version(table);
        String path = lake.path(table);
        if (latest < 0) {
            throw new ResearchException(
                    "no Delta table at "
                            + path
                            + ": run `bin/algo-trader "
                            + what
                            + "` first (or set algotrader.data-root)");
        }
        if (wanted == null) return latest;
        if (wanted < 0 || wanted > latest) {
            throw new ResearchException(
                    "Delta version "
                            + wanted
                            + " of "
                            + path
                            + " does not exist (latest "
                            + latest
                            + ")");
        }
        return wanted;
    }
}
