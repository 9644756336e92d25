package dev.algotrader.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.ml.dl.ForecasterTracking;
import dev.algotrader.ml.eval.EvaluationPlotsTest;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.MlflowYaml;
import dev.algotrader.ml.tracking.TrackingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auto-train} with the forecaster: trees, LSTM and ensemble on one holdout board with the
 * baselines, every model registered under the same champion rule, and a sequence-model ensemble as
 * champion re-scored by the rule of a later {@code train}.
 */
class AutoTrainSequenceIT {

    static final int BARS = 1400;
    static final int HORIZON = 5;

    @TempDir Path dir;

    @Test
    void autoTrainPutsEveryModelOnOneHoldoutAndTheRuleRescoresASequenceChampion() throws Exception {
        SparkSession spark = ResearchFixtures.spark();
        Path data = dir.resolve("data");
        ResearchFixtures.writeTables(spark, data, ResearchFixtures.Series.of(BARS, HORIZON, 7));
        AppConfig app =
                ResearchJobsIT.config(
                        data,
                        "algotrader.forecaster { models = [\"lstm\"], window = 6, hidden-size = 6,"
                                + " max-epochs = 1, patience = 1, batch-size = 128 }\n");
        EventLog events = EventLog.at(dir.resolve("events.jsonl"));
        LocalMlflowStore store = new LocalMlflowStore(dir.resolve("mlruns"), Clock.systemUTC());
        TrainRequest req =
                TrainRequest.defaults().withSearch("random", 1, "log_loss", List.of("rf", "gbt"));
        TrainResult r = ResearchJobs.autoTrain(spark, app, req, events, store);

        // the selected tree, the other family's best, the LSTM and the ensemble
        HoldoutBoard board = r.board();
        assertThat(board.entries())
                .extracting(HoldoutBoard.Entry::modelType)
                .containsExactlyInAnyOrder("rf", "gbt", "lstm", "ensemble");
        assertThat(board.entries().get(0).version()).isEqualTo(r.version());
        assertThat(board.bars()).isEqualTo(r.holdout().model().n());
        for (HoldoutBoard.Entry e : board.entries()) {
            assertThat(e.metrics().n()).as(e.model()).isEqualTo(board.bars());
        }
        // the selected tree's board row is its holdout report
        assertThat(board.entries().get(0).metrics()).isEqualTo(r.holdout().model());
        assertThat(board.prior()).isEqualTo(r.holdout().prior());
        assertThat(board.buyHold().buyHoldLogReturn())
                .isEqualTo(r.holdout().trading().buyHoldLogReturn());
        // the sequence rows are the published runs' holdout metrics: same bars, same labels
        for (ForecasterTracking.Published p : r.sequenceModels()) {
            HoldoutBoard.Entry e =
                    board.entries().stream()
                            .filter(x -> x.modelType().equals(p.modelType()))
                            .findFirst()
                            .orElseThrow();
            assertThat(e.version()).isEqualTo(p.version());
            assertThat(e.metrics().logLoss())
                    .isCloseTo(p.metrics().get("holdout_log_loss"), within(1e-12));
            assertThat(e.metrics().auc()).isCloseTo(p.metrics().get("holdout_auc"), within(1e-12));
        }
        String name = r.registeredModel();
        assertThat(store.modelVersions(name)).hasSize(3); // tree, lstm, ensemble
        // sequence and ensemble runs carry the same holdout plots as the tree runs
        for (ForecasterTracking.Published p : r.sequenceModels()) {
            Path art =
                    dir.resolve("mlruns")
                            .resolve(r.experimentId())
                            .resolve(p.runId())
                            .resolve("artifacts");
            var roc =
                    EvaluationPlotsTest.parse(
                            java.nio.file.Files.readString(art.resolve("roc_curve.svg")));
            assertThat(EvaluationPlotsTest.vertices(roc, "roc")).as(p.modelType()).isGreaterThan(2);
            assertThat(art.resolve("calibration.svg")).as(p.modelType()).isRegularFile();
        }
        assertThat(
                        dir.resolve("mlruns")
                                .resolve(r.experimentId())
                                .resolve(r.sequenceModels().get(0).runId())
                                .resolve("artifacts/learning_curves.svg"))
                .isRegularFile();
        // every registered version is an MLflow model: MLmodel with its flavors and the signature
        for (RegisteredVersion v : store.modelVersions(name)) {
            Path folder = Path.of(java.net.URI.create(v.source()));
            Map<String, Object> mlmodel = MlflowYaml.read(folder.resolve("MLmodel"));
            assertThat(mlmodel).containsEntry("run_id", v.runId()).containsKey("signature");
            @SuppressWarnings("unchecked")
            Map<String, Object> flavors = (Map<String, Object>) mlmodel.get("flavors");
            String type = v.tags().get("model_type");
            switch (type) {
                case "rf", "gbt" -> {
                    assertThat(flavors).containsKeys("spark", "python_function", "algotrader");
                    assertThat(folder.resolve("sparkml/metadata")).isDirectory();
                }
                case "lstm" -> {
                    assertThat(flavors).containsKeys("dl4j", "algotrader");
                    assertThat(folder.resolve("model.zip")).isRegularFile();
                }
                default -> assertThat(flavors).containsOnlyKeys("algotrader");
            }
        }
        String out = r.render();
        assertThat(out)
                .contains("All models and the baselines on the same holdout")
                .contains("baseline prior")
                .contains("baseline always-UP = buy&hold")
                .contains("Verdict:")
                .contains("@champion is now " + name + " v");
        assertThat(out.contains("NO model beats all baselines"))
                .isEqualTo(board.winners().isEmpty());
        // the HTML report: every section a table (no clipped plain text), the champion's plots
        // first, then those of every other model of the run (tree, LSTM, ensemble)
        String html = java.nio.file.Files.readString(ResearchJobs.reportFile(app, r.runId()));
        assertThat(html)
                .doesNotContain("<pre>")
                .contains("<h2>Sequence models and ensemble</h2><p>")
                .contains("<h2>Every model and the baselines on the same holdout</h2>")
                .contains("baseline: always-UP = buy&amp;hold");
        assertThat(r.modelPlots())
                .extracting(TrainResult.ModelPlots::version)
                .contains(r.version())
                .containsAll(r.sequenceModels().stream().map(p -> p.version()).toList());
        TrainResult.ModelPlots champ = r.championPlots().orElseThrow();
        assertThat(html).contains("<h3>Champion: " + name + " v" + champ.version() + " — ");
        assertThat(html.indexOf("<h3>Champion: "))
                .isLessThan(html.indexOf("<h3>", html.indexOf("<h3>Champion: ") + 1));
        int svgs = r.modelPlots().stream().mapToInt(m -> m.svgs().size()).sum();
        assertThat(html.split("<svg ", -1)).hasSize(1 + svgs);

        // the ensemble (trees + LSTM) made champion by hand, then a tree model trained: the rule
        // re-scores the ensemble on the same holdout bars through its saved artifacts
        ForecasterTracking.Published ens =
                r.sequenceModels().stream()
                        .filter(p -> p.modelType().equals("ensemble"))
                        .findFirst()
                        .orElseThrow();
        Registry registry = new Registry(store, events);
        registry.promote(name, ens.version(), "champion");
        assertThatThrownBy(() -> registry.loadScorer(name, "champion"))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("not a tree ensemble")
                .hasMessageContaining("RegistryScorers");
        TrainResult t =
                ResearchJobs.train(
                        spark,
                        app,
                        TrainRequest.defaults()
                                .withModel("gbt")
                                .withParams(Map.of("maxIter", "4", "maxDepth", "2")),
                        events,
                        store);
        assertThat(t.holdout().fromTs()).isEqualTo(r.holdout().fromTs());
        assertThat(t.promotion().previousChampion()).isEqualTo(ens.version());
        // promotion is decided on the last walk-forward fold: the ensemble was decided on the
        // same window, so its recorded out-of-fold score is compared (re-scoring the refitted
        // ensemble there would be in-sample)
        assertThat(t.promotion().championScore())
                .as("ensemble champion's out-of-fold score on the same promotion window")
                .isNotNull()
                .isEqualTo(ens.metrics().get("promotion_log_loss"));
        assertThat(t.promotion().promoted())
                .isEqualTo(t.promotion().newScore() < t.promotion().championScore());
        // the ensemble is still re-scored bar by bar on the holdout, for the report's plots
        assertThat(t.modelPlots())
                .extracting(TrainResult.ModelPlots::label)
                .contains("champion before this run");
    }
}
