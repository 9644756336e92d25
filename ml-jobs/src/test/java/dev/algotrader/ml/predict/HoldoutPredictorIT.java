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

    /**
     * The feature rows read through Delta Kernel give exactly the scores the Spark read gave (the
     * code {@code predict} ran before, {@link #sparkScore}): a one-row and a windowed scorer, with
     * a row that is not warm, one with a NaN feature and one with a null feature.
     */
    @Test
    void kernelInputScoresExactlyLikeTheSparkInput() {
        String f0 = FeatureSetSpec.DEFAULT.featureNames().get(0);
        String f1 = FeatureSetSpec.DEFAULT.featureNames().get(1);
        DeltaTable t = DeltaTable.forPath(spark, store.path(Table.FEATURES));
        long start = ResearchFixtures.START;
        t.update(
                functions.col("ts").equalTo(start + 205 * MIN),
                Map.of(f0, functions.lit(Double.NaN)));
        t.update(
                functions.col("ts").equalTo(start + 198 * MIN),
                Map.of("warm", functions.lit(false)));
        t.update(
                functions.col("ts").equalTo(start + 240 * MIN),
                Map.of(f1, functions.lit(null).cast("double")));
        var rv = new HoldoutPredictor.ResolvedVersion(MODEL, "1", "", "gbt", start + 200 * MIN);
        Scorer windowed =
                new Scorer() {
                    public String modelName() {
                        return MODEL;
                    }

                    public String modelVersion() {
                        return "1";
                    }

                    public FeatureSetSpec featureSet() {
                        return FeatureSetSpec.DEFAULT;
                    }

                    public int window() {
                        return 4;
                    }

                    public double probabilityUp(List<FeatureRow> w) {
                        double s = 0;
                        for (int i = 0; i < w.size(); i++) {
                            s += (i + 1) * (w.get(i).values()[0] + w.get(i).ts() % 977);
                        }
                        return s;
                    }
                };
        for (Scorer s : List.of(stump("1", 1), windowed)) {
            List<PredictionsTable.Prediction> kernel =
                    HoldoutPredictor.score(
                            new dev.algotrader.lake.LakeReader(store.root()),
                            s,
                            rv,
                            "BTC/USD",
                            "1m");
            assertThat(kernel).hasSizeGreaterThan(90).isEqualTo(sparkScore(s, rv));
        }
    }

    /**
     * Kernel writes of gold/predictions leave the table with the rows the Spark MERGE leaves: a
     * first scoring of a version (append), a re-run (nothing written, no new version), new bars
     * (append), a changed score and dropped bars (MERGE on Spark).
     */
    @Test
    void predictionWritesWithoutSparkLeaveTheRowsOfTheMerge() {
        DeltaStore a = new DeltaStore(spark, tmp.resolve("a"));
        DeltaStore b = new DeltaStore(spark, tmp.resolve("b"));
        var lakeA = new dev.algotrader.lake.LakeReader(a.root());
        long t0 = ResearchFixtures.START;
        List<PredictionsTable.Prediction> v1 = preds(t0, 50, 0.0);
        List<PredictionsTable.Prediction> v2 = preds(t0 + 20 * MIN, 30, 0.25);
        List<PredictionsTable.Prediction> v2more = preds(t0 + 20 * MIN, 45, 0.25);
        List<PredictionsTable.Prediction> v2changed = new ArrayList<>(v2more);
        v2changed.set(3, new PredictionsTable.Prediction(v2changed.get(3).ts(), 0.99));
        List<PredictionsTable.Prediction> v2fewer = v2changed.subList(0, 40);
        String[] versions = {"1", "2", "2", "2", "2", "2"};
        List<List<PredictionsTable.Prediction>> steps =
                List.of(v1, v2, v2, v2more, v2changed, v2fewer);
        String[] engine = {"kernel", "kernel", "none", "kernel", "spark", "spark"};
        for (int i = 0; i < steps.size(); i++) {
            long before = a.version(Table.PREDICTIONS);
            long va =
                    PredictionsTable.replace(
                            lakeA, () -> a, MODEL, versions[i], "BTC/USD", "1m", steps.get(i));
            PredictionsTable.replace(b, MODEL, versions[i], "BTC/USD", "1m", steps.get(i));
            assertThat(va).as("step %d", i).isEqualTo(a.version(Table.PREDICTIONS));
            String info =
                    DeltaTable.forPath(spark, a.path(Table.PREDICTIONS))
                            .history(1)
                            .select("engineInfo")
                            .first()
                            .getString(0);
            switch (engine[i]) {
                case "none" -> assertThat(va).as("step %d", i).isEqualTo(before);
                case "kernel" -> assertThat(info).as("step %d", i).contains("Delta Kernel");
                default -> assertThat(info).as("step %d", i).doesNotContain("Delta Kernel");
            }
            assertThat(sorted(a)).as("step %d", i).isEqualTo(sorted(b));
        }
        assertThat(sorted(a)).hasSize(50 + 40);
    }

    private static List<PredictionsTable.Prediction> preds(long from, int n, double shift) {
        List<PredictionsTable.Prediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PredictionsTable.Prediction(from + i * MIN, (i % 10) / 10.0 + shift / 10));
        }
        return out;
    }

    private static List<String> sorted(DeltaStore s) {
        return s
                .read(Table.PREDICTIONS)
                .orderBy("model", "version", "symbol", "ts")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    }

    /** What {@code predict} read before: the feature rows through Spark, then the window rule. */
    private List<PredictionsTable.Prediction> sparkScore(
            Scorer scorer, HoldoutPredictor.ResolvedVersion rv) {
        int w = Math.max(1, scorer.window());
        List<String> names = scorer.featureSet().featureNames();
        List<org.apache.spark.sql.Column> cols = new ArrayList<>();
        cols.add(functions.col("ts"));
        for (String n : names) cols.add(functions.col(n));
        var mine =
                store.read(Table.FEATURES)
                        .where(functions.col("symbol").equalTo("BTC/USD"))
                        .where(functions.col("interval").equalTo("1m"))
                        .where(functions.col("feature_set").equalTo(scorer.featureSet().id()))
                        .where(functions.col("warm"));
        var sel = cols.toArray(org.apache.spark.sql.Column[]::new);
        var from = functions.col("ts").geq(rv.holdoutFromTs());
        List<Row> rows = new ArrayList<>();
        if (w > 1) {
            List<Row> before =
                    mine.where(functions.not(from))
                            .select(sel)
                            .orderBy(functions.col("ts").desc())
                            .limit(4 * (w - 1))
                            .collectAsList();
            for (int i = before.size() - 1; i >= 0; i--) rows.add(before.get(i));
        }
        rows.addAll(mine.where(from).select(sel).orderBy("ts").collectAsList());
        List<FeatureRow> complete = new ArrayList<>();
        for (Row r : rows) {
            double[] x = new double[names.size()];
            boolean ok = true;
            for (int i = 0; i < x.length && ok; i++) {
                Object o = r.get(i + 1);
                ok = o != null && !Double.isNaN(x[i] = ((Number) o).doubleValue());
            }
            if (ok) {
                complete.add(
                        new FeatureRow(
                                "BTC/USD", "1m", r.getLong(0), scorer.featureSet().id(), true, x));
            }
        }
        int first = 0;
        while (first < complete.size() && complete.get(first).ts() < rv.holdoutFromTs()) first++;
        var window =
                new dev.algotrader.core.scoring.ScoreWindow(
                        w == 1 ? List.of() : complete.subList(Math.max(0, first - (w - 1)), first));
        List<PredictionsTable.Prediction> out = new ArrayList<>();
        for (FeatureRow row : complete.subList(first, complete.size())) {
            var p = window.score(scorer, row);
            if (p.isPresent()) out.add(new PredictionsTable.Prediction(row.ts(), p.getAsDouble()));
        }
        return out;
    }

    static double[] x(Row r) {
        List<String> names = FeatureSetSpec.DEFAULT.featureNames();
        List<Double> out = new ArrayList<>();
        for (String n : names) out.add(r.getDouble(r.fieldIndex(n)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
