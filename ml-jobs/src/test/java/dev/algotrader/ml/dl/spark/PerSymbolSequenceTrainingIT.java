package dev.algotrader.ml.dl.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.dl.ForecasterConfig;
import dev.algotrader.ml.dl.SequenceArchitecture;
import dev.algotrader.ml.dl.SequenceModelIO;
import dev.algotrader.ml.dl.SequenceTrainer;
import dev.algotrader.ml.dl.SymbolSeries;
import dev.algotrader.ml.dl.TrainedSequenceModel;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One model per symbol trained inside Spark tasks equals the model trained locally. */
class PerSymbolSequenceTrainingIT {

    static SparkSession spark;
    static final FeatureSetSpec FS = new FeatureSetSpec("synthetic", 1, List.of("f0", "f1"));
    static final ForecasterConfig CFG =
            new ForecasterConfig(
                    List.of("lstm"), 6, 6, 2, 2, 2, 1, 64, 0.01, 1e-4, 0.2, "float", 3, false, 1.0);
    static final WalkForwardSplitter.Config SPLIT =
            new WalkForwardSplitter.Config(2, WalkForwardSplitter.Mode.EXPANDING, 0.2, 3, 2, 80, 0);

    @TempDir Path out;

    @BeforeAll
    static void start() {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("per-symbol-dl4j")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "2")
                        .getOrCreate();
    }

    @AfterAll
    static void stop() {
        // the session is shared by the JVM's other Spark tests; leave it running
    }

    static SymbolSeries series(String symbol, long seed) {
        Random r = new Random(seed);
        int n = 320;
        long[] ts = new long[n];
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 60_000L * i;
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            y[i] = x[i][0] + (i > 0 ? x[i - 1][0] : 0) + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
        }
        return new SymbolSeries(symbol, "1m", FS, ts, x, y);
    }

    @Test
    void trainsEachSymbolInItsOwnTaskExactlyAsLocally() {
        List<SymbolSeries> all = List.of(series("BTC/USD", 1), series("ETH/USD", 2));
        List<Row> rows = new ArrayList<>();
        for (SymbolSeries s : all) {
            // shuffled order: the job must sort by time itself
            for (int i = s.size() - 1; i >= 0; i--) {
                rows.add(
                        RowFactory.create(
                                s.symbol(),
                                s.ts()[i],
                                s.x()[i][0],
                                s.x()[i][1],
                                (double) s.label()[i]));
            }
        }
        StructType schema =
                new StructType()
                        .add("symbol", DataTypes.StringType)
                        .add("ts", DataTypes.LongType)
                        .add("f0", DataTypes.DoubleType)
                        .add("f1", DataTypes.DoubleType)
                        .add("label", DataTypes.DoubleType);
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
        List<Row> result =
                new PerSymbolSequenceTraining(FS, "1m", CFG, SPLIT, "lstm", "label", out.toString())
                        .transform(df)
                        .collectAsList();
        Map<String, Row> bySymbol =
                result.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertThat(bySymbol).containsOnlyKeys("BTC/USD", "ETH/USD");
        for (SymbolSeries s : all) {
            Row r = bySymbol.get(s.symbol());
            SequenceTrainer.Result local =
                    new SequenceTrainer(CFG, SPLIT).train(s, SequenceArchitecture.LSTM_NET);
            assertThat(r.getInt(2)).isEqualTo(s.size());
            assertThat(r.getDouble(6)).isEqualTo(local.holdout().logLoss());
            TrainedSequenceModel saved = SequenceModelIO.load(Path.of(r.getString(10)));
            assertThat(saved.spec().symbol()).isEqualTo(s.symbol());
            assertThat(saved.predict(s.x(), local.holdoutIndex()))
                    .containsExactly(local.holdoutP());
        }
    }
}
