package dev.algotrader.ml.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.backtest.BacktestConfig;
import dev.algotrader.core.backtest.BacktestResult;
import dev.algotrader.core.backtest.Backtester;
import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.core.data.SyntheticBars;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.ml.ResearchException;
import dev.algotrader.ml.ResearchFixtures;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gold/predictions on small data: scores exist only for bars at or after the model version's
 * holdout start, re-runs are idempotent per version, sequence windows reach back before the holdout
 * for inputs only, and the model backtest trades on exactly these rows.
 */
class HoldoutPredictorIT {

    static final String MODEL = "btc-usd_1m_trees";
    static final long MIN = 60_000L;
    static final int BARS = 300;

    @TempDir Path tmp;
    SparkSession spark;
    DeltaStore store;
    LocalMlflowStore mlflow;
    Registry registry;
    ResearchFixtures.Series series = ResearchFixtures.Series.of(BARS, 1, 11);

    @BeforeEach
    void setUp() {
        spark = ResearchFixtures.spark();
        ResearchFixtures.writeTables(spark, tmp.resolve("data"), series);
        store = new DeltaStore(spark, tmp.resolve("data"));
        mlflow = new LocalMlflowStore(tmp.resolve("mlruns"), Clock.systemUTC());
        registry = new Registry(mlflow, EventLog.at(tmp.resolve("events.jsonl")));
    }

    /** A GBT stump on feature 0: P(UP) = 0.73 above 0, 0.27 below ({@code sign} flips it). */
    static TreeEnsembleScorer stump(String version, double sign) {
        return new TreeEnsembleScorer(
                TreeEnsembleScorer.Kind.GBT,
                MODEL,
                version,
                "",
                FeatureSetSpec.DEFAULT,
                List.of(
                        new TreeEnsembleScorer.Tree(
                                1.0,
                                new int[] {0, -1, -1},
                                new double[] {0, 0, 0},
                                new int[] {1, -1, -1},
                                new int[] {2, -1, -1},
                                new double[] {0, -0.5 * sign, 0.5 * sign},
                                new double[3],
                                new double[3])));
    }

    /** Registers a stump; the holdout start goes on the version or (onRun) only on its run. */
    String register(double sign, long holdoutFrom, boolean onRun) {
        String exp = mlflow.experiment("algo-trader BTC/USD 1m");
        String run = mlflow.startRun(exp, "train", Map.of());
        String version = Integer.toString(mlflow.modelVersions(MODEL).size() + 1);
        mlflow.uploadArtifact(
                run,
                Registry.PORTABLE_ARTIFACT,
                stump(version, sign).toJson().getBytes(StandardCharsets.UTF_8));
        Map<String, String> tags =
                onRun
                        ? Map.of("model_type", "gbt")
                        : Map.of("model_type", "gbt", "holdout.from_ts", "" + holdoutFrom);
        if (onRun) mlflow.setTags(run, Map.of("holdout.from_ts", "" + holdoutFrom));
        String v =
                registry.register(MODEL, run, mlflow.artifactUri(run) + "/model", tags).version();
        assertThat(v).isEqualTo(version);
        return v;
    }

    List<Row> rows(String version) {
        return store.read(Table.PREDICTIONS)
                .where(functions.col("model").equalTo(MODEL))
                .where(functions.col("version").equalTo(version))
                .orderBy("ts")
                .collectAsList();
    }

    @Test
    void scoresOnlyHoldoutBarsAndReRunsAreIdempotentPerVersion() {
        long h1 = ResearchFixtures.START + 200 * MIN;
        register(1, h1, false);
        mlflow.setAlias(MODEL, "champion", "1");
        HoldoutPredictor.Result r =
                HoldoutPredictor.run(store, registry, MODEL, "champion", "BTC/USD", "1m");
        assertThat(r.version()).isEqualTo("1");
        assertThat(r.holdoutFromTs()).isEqualTo(h1);
        List<Row> v1 = rows("1");
        assertThat(v1).hasSize(BARS - 200).hasSize((int) r.rows());
        assertThat(v1.get(0).getLong(v1.get(0).fieldIndex("ts"))).isEqualTo(h1);
        TreeEnsembleScorer scorer = stump("1", 1);
        List<Row> feats =
                store.read(Table.FEATURES)
                        .where(functions.col("ts").geq(h1))
                        .orderBy("ts")
                        .collectAsList();
        for (int i = 0; i < v1.size(); i++) {
            Row p = v1.get(i);
            assertThat(p.getLong(p.fieldIndex("ts"))).isGreaterThanOrEqualTo(h1);
            assertThat(p.getString(p.fieldIndex("fold"))).isEqualTo("holdout");
            assertThat(p.getDouble(p.fieldIndex("probability_up")))
                    .isCloseTo(scorer.probabilityUp(x(feats.get(i))), within(1e-12));
        }

        // re-run: same rows; a second version with a later holdout taken from its run's tags
        HoldoutPredictor.run(store, registry, MODEL, "1", "BTC/USD", "1m");
        assertThat(rows("1")).isEqualTo(v1);
        long h2 = ResearchFixtures.START + 250 * MIN;
        register(-1, h2, true);
        HoldoutPredictor.Result r2 =
                HoldoutPredictor.run(store, registry, MODEL, "2", "BTC/USD", "1m");
        assertThat(r2.holdoutFromTs()).isEqualTo(h2);
        assertThat(rows("2")).hasSize(BARS - 250);
        assertThat(rows("1")).isEqualTo(v1);
        assertThat(store.read(Table.PREDICTIONS).count()).isEqualTo((BARS - 200) + (BARS - 250));

        // stale rows of a version are replaced: drop bars from silver/features, re-score v1
        DeltaTable.forPath(spark, store.path(Table.FEATURES))
                .delete(functions.col("ts").geq(ResearchFixtures.START + 290 * MIN));
        HoldoutPredictor.run(store, registry, MODEL, "1", "BTC/USD", "1m");
        assertThat(rows("1")).hasSize(90);
        assertThat(rows("2")).hasSize(BARS - 250);
    }

    @Test
    void aVersionWithoutAHoldoutStartIsRefusedWithAClearMessage() {
        String exp = mlflow.experiment("x");
        String run = mlflow.startRun(exp, "train", Map.of());
        mlflow.uploadArtifact(
                run,
                Registry.PORTABLE_ARTIFACT,
                stump("1", 1).toJson().getBytes(StandardCharsets.UTF_8));
        registry.register(MODEL, run, "x", Map.of("model_type", "gbt"));
        assertThatThrownBy(() -> HoldoutPredictor.run(store, registry, MODEL, "1", "BTC/USD", "1m"))
                .isInstanceOf(ResearchException.class)
                .hasMessageContaining("holdout.from_ts")
                .hasMessageContaining("retrain");
        assertThat(store.exists(Table.PREDICTIONS)).isFalse();
    }

    /**
     * A sequence scorer (window 3) sees the last three warm rows, oldest first; the first holdout
     * bar is scored with two rows from before the holdout as inputs.
     */
    @Test
    void sequenceWindowsReachBackBeforeTheHoldoutForInputsOnly() {
        long h = ResearchFixtures.START + 200 * MIN;
        Scorer windowed =
                new Scorer() {
                    public String modelName() {
                        return MODEL;
                    }

                    public String modelVersion() {
                        return "9";
                    }

                    public FeatureSetSpec featureSet() {
                        return FeatureSetSpec.DEFAULT;
                    }

                    public int window() {
                        return 3;
                    }

                    public double probabilityUp(List<FeatureRow> w) {
                        assertThat(w).hasSize(3);
                        assertThat(w.get(1).ts() - w.get(0).ts()).isEqualTo(MIN);
                        assertThat(w.get(2).ts() - w.get(1).ts()).isEqualTo(MIN);
                        // encode the oldest row's bar index
                        return (w.get(0).ts() - ResearchFixtures.START) / MIN / 1000.0;
                    }
                };
        var rv = new HoldoutPredictor.ResolvedVersion(MODEL, "9", "", "lstm", h);
        List<PredictionsTable.Prediction> p =
                HoldoutPredictor.score(store, windowed, rv, "BTC/USD", "1m");
        assertThat(p).hasSize(BARS - 200);
        for (int i = 0; i < p.size(); i++) {
            assertThat(p.get(i).ts()).isEqualTo(h + i * MIN);
            assertThat(p.get(i).probabilityUp()).isCloseTo((200 + i - 2) / 1000.0, within(1e-12));
        }
    }

    /** The model backtest trades on gold/predictions: changing one row changes the orders. */
    @Test
    void theModelBacktestReadsGoldPredictions() {
        long h = ResearchFixtures.START + 100 * MIN;
        register(1, h, false);
        HoldoutPredictor.run(store, registry, MODEL, "1", "BTC/USD", "1m");
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", BARS, 3);
        BacktestConfig cfg =
                BacktestConfig.fromHocon(
                        "algotrader.backtest { strategy = model, strategies.model.model-version ="
                                + " \"1\" }");
        Predictions p = PredictionsTable.read(store, MODEL, "1", List.of("BTC/USD"), "1m");
        for (Bar b : bars) {
            if (b.ts() < h) assertThat(p.at("BTC/USD", b.ts())).isEmpty();
        }
        BacktestResult before = Backtester.run(cfg, "bt-1", bars, p);
        assertThat(before.orders()).isNotEmpty();
        Order first = before.orders().get(0);
        assertThat(first.decisionTs()).isGreaterThan(h);
        long scoredBar = first.decisionTs() - MIN; // the bar whose score triggered the entry
        assertThat(p.at("BTC/USD", scoredBar).getAsDouble()).isGreaterThanOrEqualTo(0.55);

        // one row changed in gold/predictions: no entry on that bar any more
        DeltaTable.forPath(spark, store.path(Table.PREDICTIONS))
                .update(
                        functions.col("ts").equalTo(scoredBar),
                        Map.of("probability_up", functions.lit(0.52)));
        Predictions changed = PredictionsTable.read(store, MODEL, "1", List.of("BTC/USD"), "1m");
        BacktestResult after = Backtester.run(cfg, "bt-1", bars, changed);
        assertThat(after.orders()).isNotEqualTo(before.orders());
        assertThat(after.orders()).noneMatch(o -> o.decisionTs() == first.decisionTs());
    }

    static double[] x(Row r) {
        List<String> names = FeatureSetSpec.DEFAULT.featureNames();
        List<Double> out = new ArrayList<>();
        for (String n : names) out.add(r.getDouble(r.fieldIndex(n)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
