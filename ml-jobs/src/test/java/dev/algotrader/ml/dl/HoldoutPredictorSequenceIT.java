package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.ml.ResearchFixtures;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.predict.HoldoutPredictor;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real LSTM champion, trained and registered by the forecaster, scored into gold/predictions
 * through the registry: one row per bar from the version's holdout start on, each the scorer's
 * output on the 8 rows ending at that bar (oldest first), rows before the holdout used as inputs.
 */
class HoldoutPredictorSequenceIT {

    static final String MODEL = "btc-usd_1m_trees";

    @TempDir Path tmp;

    @Test
    void anLstmChampionScoresTheHoldoutWithItsWindow() {
        SymbolSeries s = SyntheticSeries.create("BTC/USD", 420, 3, 2, 31);
        ForecasterConfig cfg = SyntheticSeries.config(List.of("lstm"), 1, 1, 64);
        var split = new WalkForwardSplitter(SyntheticSeries.split()).split(s.size());
        ForecasterRun.Result r =
                ForecasterRun.run(
                        s, split, cfg, SyntheticSeries.split(), List.of(), tmp.resolve("out"));
        var mlflow = new LocalMlflowStore(tmp.resolve("mlruns"), java.time.Clock.systemUTC());
        Registry registry = new Registry(mlflow, EventLog.at(tmp.resolve("events.jsonl")));
        ForecasterTracking.publish(
                r,
                s,
                registry,
                new ForecasterTracking.Target(
                        "algo-trader BTC/USD 1m",
                        MODEL,
                        Map.of("seed", "7"),
                        "champion",
                        Metric.LOG_LOSS,
                        0.0,
                        0.5),
                List.of());
        long from =
                Long.parseLong(
                        mlflow.modelVersion(MODEL, "1")
                                .orElseThrow()
                                .tags()
                                .get("holdout.from_ts"));

        SparkSession spark = ResearchFixtures.spark();
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("symbol", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("interval", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("ts", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("feature_set", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("warm", DataTypes.BooleanType, false));
        for (String n : s.featureSet().featureNames()) {
            f.add(DataTypes.createStructField(n, DataTypes.DoubleType, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Object[] v = new Object[5 + s.features()];
            v[0] = "BTC/USD";
            v[1] = "1m";
            v[2] = s.ts()[i];
            v[3] = s.featureSet().id();
            v[4] = true;
            for (int j = 0; j < s.features(); j++) v[5 + j] = s.x()[i][j];
            rows.add(RowFactory.create(v));
        }
        spark.createDataFrame(rows, DataTypes.createStructType(f))
                .write()
                .format("delta")
                .save(tmp.resolve("data").resolve(Table.FEATURES.path()).toString());
        DeltaStore store = new DeltaStore(spark, tmp.resolve("data"));

        HoldoutPredictor.Result res =
                HoldoutPredictor.run(store, registry, MODEL, "champion", "BTC/USD", "1m");
        assertThat(res.modelType()).isEqualTo("lstm");
        assertThat(res.window()).isEqualTo(8);
        int first = 0;
        while (s.ts()[first] < from) first++;
        assertThat(first).isGreaterThan(8);
        List<Row> p =
                store.read(Table.PREDICTIONS)
                        .where(functions.col("model").equalTo(MODEL))
                        .orderBy("ts")
                        .collectAsList();
        assertThat(p).hasSize(s.size() - first);
        Scorer scorer = RegistryScorers.load(registry, MODEL, "1");
        for (int k = 0; k < p.size(); k++) {
            int i = first + k;
            assertThat(p.get(k).getLong(p.get(k).fieldIndex("ts"))).isEqualTo(s.ts()[i]);
            List<FeatureRow> w = new ArrayList<>();
            for (int t = i - 7; t <= i; t++) {
                w.add(
                        new FeatureRow(
                                "BTC/USD", "1m", s.ts()[t], s.featureSet().id(), true, s.x()[t]));
            }
            assertThat(p.get(k).getDouble(p.get(k).fieldIndex("probability_up")))
                    .isCloseTo(scorer.probabilityUp(w), within(1e-9));
        }
    }
}
