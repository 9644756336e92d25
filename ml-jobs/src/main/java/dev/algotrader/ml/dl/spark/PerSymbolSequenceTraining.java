package dev.algotrader.ml.dl.spark;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.dl.SequenceArchitecture;
import dev.algotrader.ml.dl.SequenceModelIO;
import dev.algotrader.ml.dl.SequenceTrainer;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains one sequence model per symbol in parallel inside a Spark job: the rows are grouped by
 * symbol, each group (one task) is sorted by time and trained with {@link SequenceTrainer} on the
 * executor, and the model folder is copied to {@code outputDir/<symbol-slug>/<model-type>} through
 * the Hadoop file system (a local path, HDFS or an object store). Returns one summary row per
 * symbol.
 *
 * <p>Input columns: {@code symbol} (string), {@code ts} (long), the feature set's columns (double),
 * and a 0/1 label column (double or int).
 */
public final class PerSymbolSequenceTraining implements Serializable {

    /** Schema of the returned summary rows. */
    public static final StructType RESULT_SCHEMA =
            new StructType()
                    .add("symbol", DataTypes.StringType)
                    .add("model_type", DataTypes.StringType)
                    .add("rows", DataTypes.IntegerType)
                    .add("folds", DataTypes.IntegerType)
                    .add("cv_mean_log_loss", DataTypes.DoubleType)
                    .add("holdout_n", DataTypes.IntegerType)
                    .add("holdout_log_loss", DataTypes.DoubleType)
                    .add("holdout_auc", DataTypes.DoubleType)
                    .add("epochs", DataTypes.IntegerType)
                    .add("seconds", DataTypes.DoubleType)
                    .add("model_path", DataTypes.StringType);

    private final FeatureSetSpec featureSet;
    private final String interval;
    private final ForecasterConfig config;
    // WalkForwardSplitter.Config is not Serializable: keep its fields and rebuild it in the task
    private final int folds;
    private final String mode;
    private final double holdoutFraction;
    private final int purgeBars;
    private final int embargoBars;
    private final int minTrainBars;
    private final int trainBars;
    private final String modelType;
    private final String labelColumn;
    private final String outputDir;

    public PerSymbolSequenceTraining(
            FeatureSetSpec featureSet,
            String interval,
            ForecasterConfig config,
            WalkForwardSplitter.Config split,
            String modelType,
            String labelColumn,
            String outputDir) {
        SequenceArchitecture.of(modelType);
        this.featureSet = featureSet;
        this.interval = interval;
        this.config = config;
        this.folds = split.folds();
        this.mode = split.mode().name();
        this.holdoutFraction = split.holdoutFraction();
        this.purgeBars = split.purgeBars();
        this.embargoBars = split.embargoBars();
        this.minTrainBars = split.minTrainBars();
        this.trainBars = split.trainBars();
        this.modelType = modelType;
        this.labelColumn = labelColumn;
        this.outputDir = outputDir;
    }

    private WalkForwardSplitter.Config splitConfig() {
        return new WalkForwardSplitter.Config(
                folds,
                WalkForwardSplitter.Mode.valueOf(mode),
                holdoutFraction,
                purgeBars,
                embargoBars,
                minTrainBars,
                trainBars);
    }

    /** Folder name of a symbol: {@code BTC/USD} → {@code btc-usd}. */
    public static String slug(String symbol) {
        return symbol.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The training as a lazy transform: one summary row per symbol. */
    public Dataset<Row> transform(Dataset<Row> rows) {
        List<String> cols = new ArrayList<>(List.of("symbol", "ts"));
        cols.addAll(featureSet.featureNames());
        cols.add(labelColumn);
        Dataset<Row> selected =
                rows.selectExpr(
                        cols.stream()
                                .map(
                                        c ->
                                                c.equals(labelColumn)
                                                        ? "cast(`" + c + "` as double)"
                                                        : "`" + c + "`")
                                .toArray(String[]::new));
        return selected.groupByKey(
                        (MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups(
                        (FlatMapGroupsFunction<String, Row, Row>) this::trainSymbol,
                        Encoders.row(RESULT_SCHEMA));
    }

    /** Trains the model of one symbol (runs inside a Spark task). */
    Iterator<Row> trainSymbol(String symbol, Iterator<Row> it) {
        List<Row> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        list.sort(Comparator.comparingLong(r -> r.getLong(1)));
        int n = list.size();
        int f = featureSet.featureNames().size();
        long[] ts = new long[n];
        double[][] x = new double[n][f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Row r = list.get(i);
            ts[i] = r.getLong(1);
            for (int j = 0; j < f; j++) x[i][j] = r.getDouble(2 + j);
            y[i] = r.isNullAt(2 + f) ? -1 : (r.getDouble(2 + f) > 0.5 ? 1 : 0);
        }
        long t0 = System.nanoTime();
        SymbolSeries series = new SymbolSeries(symbol, interval, featureSet, ts, x, y);
        SequenceTrainer.Result res =
                new SequenceTrainer(config, splitConfig())
                        .train(series, SequenceArchitecture.of(modelType));
        String target = outputDir + "/" + slug(symbol) + "/" + modelType;
        try {
            Path local = Files.createTempDirectory("algotrader-seq-");
            SequenceModelIO.save(res.model(), local);
            org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(target);
            FileSystem fs = dst.getFileSystem(new Configuration());
            fs.delete(dst, true);
            fs.mkdirs(dst);
            for (String file : List.of(SequenceModelIO.MODEL_FILE, SequenceModelIO.SPEC_FILE)) {
                fs.copyFromLocalFile(
                        true,
                        true,
                        new org.apache.hadoop.fs.Path(local.resolve(file).toString()),
                        new org.apache.hadoop.fs.Path(dst, file));
            }
            Files.deleteIfExists(local);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the model of " + symbol + " to " + target, e);
        }
        return List.of(
                        RowFactory.create(
                                symbol,
                                modelType,
                                n,
                                res.folds().size(),
                                res.meanFoldLogLoss(),
                                res.holdout().n(),
                                res.holdout().logLoss(),
                                res.holdout().auc(),
                                res.finalFit().curve().epochs(),
                                (System.nanoTime() - t0) / 1e9,
                                target))
                .iterator();
    }
}
