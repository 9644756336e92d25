package dev.algotrader.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.ml.eval.EvaluationPlots;
import dev.algotrader.ml.eval.EvaluationPlotsTest;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.FakeMlflowServer;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.MlflowRestStore;
import dev.algotrader.ml.tracking.TrackingException;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Table;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Researcher's jobs end to end on Delta tables written like the ingest job writes them. */
class ResearchJobsIT {

    static final int BARS = 1400;
    static final int HORIZON = 5;

    static SparkSession spark;
    @TempDir static Path dir;
    static Path data;

    @BeforeAll
    static void tables() {
        spark = ResearchFixtures.spark();
        data = dir.resolve("data");
        ResearchFixtures.writeTables(spark, data, ResearchFixtures.Series.of(BARS, HORIZON, 7));
    }

    static AppConfig config(Path dataRoot, String extra) {
        return AppConfig.withOverrides(
                "algotrader.data-root = \""
                        + dataRoot
                        + "\"\n"
                        + "algotrader.events-file = \""
                        + dataRoot.resolve("events.jsonl")
                        + "\"\n"
                        + "algotrader.reports-dir = \""
                        + dataRoot.resolve("reports")
                        + "\"\n"
                        + "algotrader.research { horizon-bars = "
                        + HORIZON
                        + ", validation { folds = 2, min-train-bars = 150,"
                        + " holdout-fraction = 0.25 },"
                        + " search { trials = 1 }, mlflow { tracking-uri = \"\" } }\n"
                        + extra);
    }

    static TrainRequest small(String model) {
        return TrainRequest.defaults()
                .withModel(model)
                .withParams(
                        model.equals("gbt")
                                ? Map.of("maxIter", "6", "maxDepth", "3")
                                : Map.of("numTrees", "12", "maxDepth", "5"));
    }

    @Test
    void portableScorerEqualsSparkOnTheWholeHoldoutAndRunsAreReproducible() throws Exception {
        Path mlruns = dir.resolve("mlruns-parity");
        LocalMlflowStore store = new LocalMlflowStore(mlruns, Clock.systemUTC());
        AppConfig app = config(data, "");
        EventLog events = EventLog.at(dir.resolve("events-parity.jsonl"));
        TrainResult first = null;
        for (String model : List.of("gbt", "rf")) {
            TrainResult r = ResearchJobs.train(spark, app, small(model), events, store);
            if (first == null) first = r;
            assertThat(store.runStatus(r.runId())).isEqualTo(TrackingStore.RunStatus.FINISHED);
            // per-fold metrics (step = fold), holdout metrics and provenance tags on the run
            Path runDir = mlruns.resolve(r.experimentId()).resolve(r.runId());
            List<String> foldLines = Files.readAllLines(runDir.resolve("metrics/fold_log_loss"));
            assertThat(foldLines).hasSize(2);
            assertThat(foldLines.get(0)).endsWith(" 0");
            assertThat(foldLines.get(1)).endsWith(" 1");
            assertThat(store.runMetrics(r.runId()))
                    .containsKeys(
                            "cv_mean",
                            "holdout_auc",
                            "holdout_log_loss",
                            "holdout_f1",
                            "holdout_hit_rate",
                            "holdout_strategy_log_return",
                            "portable_max_abs_diff");
            assertThat(store.runTags(r.runId()))
                    .containsEntry("feature_set", "core_v1")
                    .containsEntry("delta.silver_features.version", "0")
                    .containsEntry("delta.gold_labels.version", "0")
                    .containsEntry("seed", "42")
                    .containsKeys("git.commit", "data.from", "data.to", "mlflow.runName");
            assertThat(Files.exists(runDir.resolve("artifacts/feature_importances.json"))).isTrue();
            assertThat(Files.exists(runDir.resolve("artifacts/evaluation.json"))).isTrue();
            // the MLlib model saved as artifact, scored by Spark on every holdout row
            Path sparkDir =
                    mlruns.resolve(r.experimentId())
                            .resolve(r.runId())
                            .resolve("artifacts/model/sparkml");
            PipelineModel loaded = PipelineModel.load(sparkDir.toString());
            Dataset<Row> holdout =
                    spark.read()
                            .format("delta")
                            .load(data.resolve(Table.FEATURES.path()).toString())
                            .filter(col("ts").between(r.holdout().fromTs(), r.holdout().toTs()));
            List<Row> rows =
                    loaded.transform(holdout)
                            .select(
                                    org.apache
                                            .spark
                                            .ml
                                            .functions
                                            .vector_to_array(col("probability"), "float64")
                                            .getItem(1),
                                    col(TreeModels_FEATURES()))
                            .collectAsList();
            assertThat(rows).hasSize(r.holdout().model().n());
            TreeEnsembleScorer portable =
                    new Registry(store, events).loadScorer(r.registeredModel(), r.version());
            assertThat(portable.kind().name().toLowerCase()).isEqualTo(model);
            assertThat(portable.featureSet()).isEqualTo(FeatureSetSpec.DEFAULT);
            double maxDiff = 0;
            for (Row row : rows) {
                double[] x = ((org.apache.spark.ml.linalg.Vector) row.get(1)).toArray();
                maxDiff = Math.max(maxDiff, Math.abs(portable.probabilityUp(x) - row.getDouble(0)));
            }
            assertThat(maxDiff).as(model + " portable vs Spark").isLessThanOrEqualTo(1e-12);
            // plot artifacts in the local layout: ROC with one vertex per distinct holdout score
            // (+ origin), one reliability dot per non-empty bin, one bar per feature
            java.util.Set<Double> distinct = new java.util.HashSet<>();
            java.util.Set<Integer> bins = new java.util.HashSet<>();
            for (Row row : rows) {
                distinct.add(row.getDouble(0));
                bins.add(Math.min(9, (int) Math.floor(row.getDouble(0) * 10)));
            }
            Path art = runDir.resolve("artifacts");
            var roc = EvaluationPlotsTest.parse(Files.readString(art.resolve("roc_curve.svg")));
            assertThat(EvaluationPlotsTest.vertices(roc, "roc"))
                    .isEqualTo(Math.min(distinct.size() + 1, EvaluationPlots.MAX_ROC_POINTS));
            var cal = EvaluationPlotsTest.parse(Files.readString(art.resolve("calibration.svg")));
            assertThat(EvaluationPlotsTest.byClass(cal, "circle", "bin")).hasSize(bins.size());
            var imp =
                    EvaluationPlotsTest.parse(
                            Files.readString(art.resolve("feature_importances.svg")));
            assertThat(EvaluationPlotsTest.byClass(imp, "rect", "bar"))
                    .hasSize(FeatureSetSpec.DEFAULT.featureNames().size());
            // a row of another feature-set version is refused
            FeatureRow other = new FeatureRow("BTC/USD", "1m", 0L, "core_v2", true, new double[20]);
            assertThatThrownBy(() -> portable.probabilityUp(List.of(other)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("core_v2");
        }
        // same seed, same table versions → same metrics (the first run read the latest, v0)
        TrainResult a = first;
        TrainResult b =
                ResearchJobs.train(spark, app, small("gbt").withVersions(0L, 0L), events, store);
        assertThat(a.featuresVersion()).isZero();
        assertThat(b.selected().foldScores()).containsExactly(a.selected().foldScores());
        assertThat(b.holdout().model()).isEqualTo(a.holdout().model());
        assertThat(b.holdout().trading()).isEqualTo(a.holdout().trading());
        assertThat(a.render()).contains("Leaderboard").contains("Holdout").contains("Verdict");
    }

    private static String TreeModels_FEATURES() {
        return dev.algotrader.ml.model.TreeModels.FEATURES;
    }

    @Test
    void fullJobPromotesOnlyWhenTheNewVersionBeatsTheChampionOnTheSamePromotionWindow() {
        LocalMlflowStore store =
                new LocalMlflowStore(dir.resolve("mlruns-promo"), Clock.systemUTC());
        double margin = 0.0005;
        AppConfig app = config(data, "algotrader.research.promotion.margin = " + margin);
        EventLog events = EventLog.at(dir.resolve("events-promo.jsonl"));
        TrainRequest stump =
                TrainRequest.defaults()
                        .withModel("rf")
                        .withParams(Map.of("numTrees", "1", "maxDepth", "1"));
        TrainRequest forest =
                TrainRequest.defaults()
                        .withModel("rf")
                        .withParams(Map.of("numTrees", "20", "maxDepth", "6"));
        TrainResult v1 = ResearchJobs.train(spark, app, stump, events, store);
        assertThat(v1.promotion().promoted()).isTrue(); // first version: no champion yet
        TrainResult v2 = ResearchJobs.train(spark, app, forest, events, store);
        // promotion is decided on the promotion window (the last walk-forward fold, before the
        // holdout), not on the holdout: the champion (v1) was decided on the same window, so its
        // recorded out-of-fold score is the one compared
        assertThat(v2.promotion().championScore()).isEqualTo(v1.promotion().newScore());
        assertThat(v2.promotion().promoted())
                .isEqualTo(v2.promotion().newScore() < v1.promotion().newScore() - margin)
                .isTrue();
        assertThat(v2.board().decidedOn()).contains("the last 1 walk-forward fold");
        // a weak one again: worse than the champion on the same window → not promoted
        TrainResult v3 = ResearchJobs.train(spark, app, stump, events, store);
        assertThat(v3.promotion().promoted()).isFalse();
        assertThat(v3.promotion().championScore()).isEqualTo(v2.promotion().newScore());
        assertThat(v3.holdout().model().logLoss()).isEqualTo(v1.holdout().model().logLoss());
        String name = v1.registeredModel();
        assertThat(store.aliases(name)).containsEntry("champion", v2.version());
        assertThat(store.modelVersion(name, v3.version()).orElseThrow().tags())
                .containsEntry("promotion.promoted", "false");
        assertThat(store.runTags(v3.runId())).containsEntry("promotion.promoted", "false");
        assertThat(events.readAll().stream().map(e -> e.event()).toList())
                .contains("model.promoted", "model.promotion_declined");
    }

    @Test
    void autoTrainSelectionNeverSeesTheHoldout() {
        Path other = dir.resolve("data-perturbed");
        // identical series except the last 15% of bars, which lie inside the holdout
        ResearchFixtures.writeTables(
                spark,
                other,
                ResearchFixtures.Series.of(BARS, HORIZON, 7).perturbedFrom(BARS * 85 / 100));
        TrainRequest req =
                TrainRequest.defaults().withSearch("random", 2, "log_loss", List.of("rf"));
        // trees only here; AutoTrainSequenceIT covers the sequence models of auto-train
        String treesOnly = "algotrader.research.auto-train.sequence-models = false";
        TrainResult a =
                ResearchJobs.autoTrain(
                        spark,
                        config(data, treesOnly),
                        req,
                        EventLog.at(dir.resolve("ev-a.jsonl")),
                        new LocalMlflowStore(dir.resolve("mlruns-a"), Clock.systemUTC()));
        TrainResult b =
                ResearchJobs.autoTrain(
                        spark,
                        config(other, treesOnly),
                        req,
                        EventLog.at(dir.resolve("ev-b.jsonl")),
                        new LocalMlflowStore(dir.resolve("mlruns-b"), Clock.systemUTC()));
        assertThat(a.leaderboard()).hasSize(2);
        assertThat(b.leaderboard().stream().map(c -> c.spec()).toList())
                .isEqualTo(a.leaderboard().stream().map(c -> c.spec()).toList());
        for (int i = 0; i < a.leaderboard().size(); i++) {
            assertThat(b.leaderboard().get(i).foldScores())
                    .containsExactly(a.leaderboard().get(i).foldScores());
        }
        assertThat(a.holdout().fromTs()).isEqualTo(b.holdout().fromTs());
        assertThat(ResearchFixtures.START + (BARS * 85 / 100) * 60_000L)
                .isGreaterThan(a.holdout().fromTs());
        // the holdout itself did change, so equal selection is not an accident
        assertThat(b.holdout().model().logLoss()).isNotEqualTo(a.holdout().model().logLoss());
    }

    @Test
    void autoTrainChecksTheForecasterSettingsBeforeTheTreeSearch() {
        Path mlruns = dir.resolve("mlruns-badwindow");
        assertThatThrownBy(
                        () ->
                                ResearchJobs.autoTrain(
                                        spark,
                                        config(data, "algotrader.forecaster.window = 0"),
                                        TrainRequest.defaults()
                                                .withSearch("random", 1, "log_loss", List.of("rf")),
                                        EventLog.at(dir.resolve("ev-badwindow.jsonl")),
                                        new LocalMlflowStore(mlruns, Clock.systemUTC())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("algotrader.forecaster: window must be >= 1");
        // failed in seconds, before any training: nothing registered
        Path models = mlruns.resolve("models");
        if (java.nio.file.Files.exists(models)) assertThat(models).isEmptyDirectory();
    }

    @Test
    void aFailedSequenceStepSaysTheTreeHalfIsRegistered() {
        Path mlruns = dir.resolve("mlruns-seqfail");
        // longer than the series: the sequence step cannot cut a single training window
        String window = "algotrader.forecaster.window = " + (BARS + 1);
        assertThatThrownBy(
                        () ->
                                ResearchJobs.autoTrain(
                                        spark,
                                        config(data, window),
                                        TrainRequest.defaults()
                                                .withSearch("random", 1, "log_loss", List.of("rf")),
                                        EventLog.at(dir.resolve("ev-seqfail.jsonl")),
                                        new LocalMlflowStore(mlruns, Clock.systemUTC())))
                .isInstanceOf(ResearchException.class)
                .hasMessageMatching(
                        "(?s)auto-train: the tree search finished \\(\\S+ v1 registered,"
                                + " (not )?promoted to @champion\\) but the sequence-model step"
                                + " failed: .*")
                .hasMessageContaining("auto-train.sequence-models = false");
        // the tree version it names is really in the registry
        assertThat(mlruns.resolve("models")).isNotEmptyDirectory();
    }

    @Test
    void badInputGivesClearMessagesAndLeavesNoRunRunning() throws Exception {
        LocalMlflowStore store = new LocalMlflowStore(dir.resolve("mlruns-bad"), Clock.systemUTC());
        EventLog events = EventLog.at(dir.resolve("events-bad.jsonl"));
        // feature-set mismatch
        Path mismatch = dir.resolve("data-mismatch");
        ResearchFixtures.writeTables(
                spark,
                mismatch,
                ResearchFixtures.Series.of(400, HORIZON, 3).withFeatureSet("core_v2"));
        assertThatThrownBy(
                        () ->
                                ResearchJobs.train(
                                        spark, config(mismatch, ""), small("gbt"), events, store))
                .isInstanceOf(ResearchException.class)
                .hasMessageContaining("feature-set mismatch")
                .hasMessageContaining("core_v2")
                .hasMessageContaining("core_v1");
        // single class
        Path single = dir.resolve("data-single");
        ResearchFixtures.writeTables(spark, single, ResearchFixtures.Series.of(400, HORIZON, 3));
        String labels = single.resolve(Table.LABELS.path()).toString();
        spark.read()
                .format("delta")
                .load(labels)
                .withColumn("direction", lit("DOWN"))
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .save(labels + "-tmp");
        spark.read()
                .format("delta")
                .load(labels + "-tmp")
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .save(labels);
        assertThatThrownBy(
                        () ->
                                ResearchJobs.train(
                                        spark, config(single, ""), small("gbt"), events, store))
                .isInstanceOf(ResearchException.class)
                .hasMessageContaining("single class");
        // empty: labels exist only for another symbol
        Path empty = dir.resolve("data-empty");
        ResearchFixtures.writeTables(spark, empty, ResearchFixtures.Series.of(400, HORIZON, 3));
        String el = empty.resolve(Table.LABELS.path()).toString();
        spark.read()
                .format("delta")
                .load(el)
                .withColumn("horizon", lit(HORIZON + 1))
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .save(el + "-tmp");
        spark.read()
                .format("delta")
                .load(el + "-tmp")
                .write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .save(el);
        assertThatThrownBy(
                        () ->
                                ResearchJobs.train(
                                        spark, config(empty, ""), small("gbt"), events, store))
                .isInstanceOf(ResearchException.class)
                .hasMessageContaining("is empty");
        // none of these left a run behind, RUNNING or otherwise
        assertThat(runStatuses(dir.resolve("mlruns-bad"))).doesNotContain("status: 1");

        // unreachable tracking server
        int closed;
        try (ServerSocket ss = new ServerSocket(0)) {
            closed = ss.getLocalPort();
        }
        TrackingStore down =
                new MlflowRestStore(
                        "http://127.0.0.1:" + closed, Duration.ofSeconds(2), Clock.systemUTC());
        assertThatThrownBy(
                        () ->
                                ResearchJobs.train(
                                        spark, config(data, ""), small("gbt"), events, down))
                .isInstanceOf(TrackingException.class)
                .hasMessageStartingWith("cannot reach the MLflow tracking server");
    }

    @Test
    void trainsThroughAnMlflowServerAndFailsCleanlyOnServerErrors() throws Exception {
        try (FakeMlflowServer server = new FakeMlflowServer()) {
            TrackingStore store =
                    new MlflowRestStore(server.uri(), Duration.ofSeconds(10), Clock.systemUTC());
            EventLog events = EventLog.at(dir.resolve("events-http.jsonl"));
            AppConfig app = config(data, "");
            TrainResult ok = ResearchJobs.train(spark, app, small("gbt"), events, store);
            assertThat(server.runStatus(ok.runId())).isEqualTo("FINISHED");
            assertThat(server.aliases(ok.registeredModel())).containsEntry("champion", "1");
            assertThat(server.requests())
                    .contains(
                            "POST /api/2.0/mlflow/runs/create",
                            "POST /api/2.0/mlflow/runs/log-batch",
                            "POST /api/2.0/mlflow/registered-models/create",
                            "POST /api/2.0/mlflow/model-versions/create",
                            "POST /api/2.0/mlflow/registered-models/alias")
                    .anyMatch(
                            r ->
                                    r.startsWith("PUT /api/2.0/mlflow-artifacts/artifacts/")
                                            && r.endsWith("/artifacts/model/portable.json"));
            for (String plot :
                    List.of("roc_curve.svg", "calibration.svg", "feature_importances.svg")) {
                assertThat(server.requests())
                        .as(plot + " through the artifact proxy")
                        .anyMatch(
                                r ->
                                        r.startsWith("PUT /api/2.0/mlflow-artifacts/artifacts/")
                                                && r.endsWith("/artifacts/" + plot));
            }
            var imp =
                    EvaluationPlotsTest.parse(
                            new String(
                                    store.downloadArtifact(ok.runId(), "feature_importances.svg"),
                                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(EvaluationPlotsTest.byClass(imp, "rect", "bar"))
                    .hasSize(FeatureSetSpec.DEFAULT.featureNames().size());
            var roc =
                    EvaluationPlotsTest.parse(
                            new String(
                                    store.downloadArtifact(ok.runId(), "roc_curve.svg"),
                                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(EvaluationPlotsTest.vertices(roc, "roc")).isGreaterThan(2);
            TreeEnsembleScorer s =
                    new Registry(store, events).loadScorer(ok.registeredModel(), "champion");
            assertThat(s.modelVersion()).isEqualTo("1");

            // the artifact proxy answers 500 mid-run: run FAILED, no new version, champion
            // unchanged
            server.failOn("mlflow-artifacts", 500);
            assertThatThrownBy(() -> ResearchJobs.train(spark, app, small("rf"), events, store))
                    .isInstanceOf(TrackingException.class)
                    .hasMessageContaining("HTTP 500");
            assertThat(server.runStatuses()).doesNotContain("RUNNING").contains("FAILED");
            assertThat(store.modelVersions(ok.registeredModel())).hasSize(1);
            assertThat(server.aliases(ok.registeredModel())).containsEntry("champion", "1");
            assertThat(events.readAll().stream().map(e -> e.event()).toList())
                    .contains("train.failed");
        }
    }

    private static List<String> runStatuses(Path mlruns) throws Exception {
        try (Stream<Path> s = Files.walk(mlruns)) {
            return s.filter(p -> p.getFileName().toString().equals("meta.yaml"))
                    .filter(p -> p.getParent().getParent().getFileName().toString().matches("\\d+"))
                    .flatMap(
                            p -> {
                                try {
                                    return Files.readAllLines(p).stream()
                                            .filter(l -> l.startsWith("status:"));
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            })
                    .toList();
        }
    }
}
