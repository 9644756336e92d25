package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.ml.ForecasterJob;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.ResearchFixtures;
import dev.algotrader.ml.ResearchJobs;
import dev.algotrader.ml.TrainRequest;
import dev.algotrader.ml.data.TrainingSet;
import dev.algotrader.ml.data.TrainingSetLoader;
import dev.algotrader.ml.ensemble.EnsembleScorer;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trees (research job) then the forecaster on the same Delta training set, holdout and registry.
 */
class ForecasterJobIT {

    static final int HORIZON = 5;

    @TempDir Path dir;

    @Test
    void sequenceModelsAndEnsembleJoinTheTreesInTheRegistry() {
        SparkSession spark = ResearchFixtures.spark();
        Path data = dir.resolve("data");
        ResearchFixtures.writeTables(spark, data, ResearchFixtures.Series.of(900, HORIZON, 7));
        AppConfig app =
                AppConfig.withOverrides(
                        "algotrader.data-root = \""
                                + data
                                + "\"\n"
                                + "algotrader.events-file = \""
                                + data.resolve("events.jsonl")
                                + "\"\n"
                                + "algotrader.reports-dir = \""
                                + data.resolve("reports")
                                + "\"\n"
                                + "algotrader.research { horizon-bars = "
                                + HORIZON
                                + ", validation { folds = 2, min-train-bars = 150, holdout-fraction = 0.25 },"
                                + " search { trials = 1 }, mlflow { tracking-uri = \"\" } }\n"
                                + "algotrader.forecaster { models = [\"lstm\"], window = 6, hidden-size = 6,"
                                + " max-epochs = 1, patience = 1, batch-size = 128 }\n");
        EventLog events = EventLog.at(data.resolve("events.jsonl"));
        var store = new LocalMlflowStore(dir.resolve("mlruns"), Clock.systemUTC());
        var trees =
                ResearchJobs.train(
                        spark,
                        app,
                        TrainRequest.defaults()
                                .withModel("gbt")
                                .withParams(Map.of("maxIter", "4", "maxDepth", "2")),
                        events,
                        store);
        ResearchConfig rc = ResearchConfig.from(app);
        TrainingSet ts =
                TrainingSetLoader.load(
                        spark,
                        new TrainingSetLoader.Request(
                                data,
                                rc.symbol(),
                                rc.interval(),
                                HORIZON,
                                FeatureSetSpec.DEFAULT,
                                null,
                                null));
        Registry registry = new Registry(store, events);
        ForecasterJob.Outcome out =
                ForecasterJob.run(
                        app,
                        ts,
                        trees.selected().spec(),
                        trees.version(),
                        registry,
                        dir.resolve("work"));
        assertThat(out.published())
                .extracting(ForecasterTracking.Published::modelType)
                .containsExactly("lstm", "ensemble");
        assertThat(out.render()).contains("lstm").contains("ensemble");
        // every model is a version of the same registered model, on the same holdout bars
        String name = trees.registeredModel();
        assertThat(store.modelVersions(name)).hasSize(3);
        assertThat(out.published().get(0).metrics().get("holdout_n"))
                .isEqualTo(out.published().get(1).metrics().get("holdout_n"));
        var ens = RegistryScorers.load(registry, name, out.published().get(1).version());
        assertThat(ens).isInstanceOf(EnsembleScorer.class);
        assertThat(ens.window()).isEqualTo(6);
    }
}
