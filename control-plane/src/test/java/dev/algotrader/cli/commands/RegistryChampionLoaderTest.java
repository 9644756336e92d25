package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.ensemble.EnsembleScorer;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.TrackedRun;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ModelGate;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.model.RegistryChampionSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's champion loader for the trader: a registered ensemble champion (not a
 * portable tree) in the Researcher's local MLflow store is found by the trader's alias reader and
 * scored through ml-jobs' {@code RegistryScorers}; the default tree loader of the {@code flink run}
 * jar cannot load it.
 */
class RegistryChampionLoaderTest {

    static final String NAME = "btc-usd_1m_trees";

    @TempDir Path tmp;

    @Test
    void anEnsembleChampionIsScorableByTheTraderThroughTheInjectedLoader() throws Exception {
        Path mlruns = tmp.resolve("mlruns");
        LocalMlflowStore store = new LocalMlflowStore(mlruns, Clock.systemUTC());
        Registry registry = new Registry(store, EventLog.at(tmp.resolve("events.jsonl")));
        FeatureSetSpec fs = FeatureSetSpec.DEFAULT;
        // a GBT stump on feature 0, registered as a tree version
        TreeEnsembleScorer stump =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.GBT,
                        NAME,
                        "",
                        "run",
                        fs,
                        List.of(
                                new TreeEnsembleScorer.Tree(
                                        1.0,
                                        new int[] {0, -1, -1},
                                        new double[] {0, 0, 0},
                                        new int[] {1, -1, -1},
                                        new int[] {2, -1, -1},
                                        new double[] {0, -0.8, 0.8},
                                        new double[3],
                                        new double[3])));
        String treeVersion;
        try (TrackedRun run = TrackedRun.start(store, "exp", "gbt", Map.of())) {
            store.uploadArtifact(
                    run.id(),
                    Registry.PORTABLE_ARTIFACT,
                    stump.toJson().getBytes(StandardCharsets.UTF_8));
            treeVersion =
                    registry.register(
                                    NAME,
                                    run.id(),
                                    store.artifactUri(run.id()) + "/model",
                                    Map.of("model_type", "gbt", "feature_set", fs.id()))
                            .version();
            run.finish();
        }
        // a stacked ensemble over it (its own run: model/ensemble.json only, no portable.json)
        EnsembleModel ens =
                new EnsembleModel(
                        List.of(new BaseModelRef(NAME, treeVersion, "gbt")),
                        0.3,
                        new double[] {1.5},
                        0.0,
                        100,
                        fs.id());
        Path dir = tmp.resolve("ens");
        EnsembleIO.save(ens, dir);
        String ensVersion;
        try (TrackedRun run = TrackedRun.start(store, "exp", "ensemble", Map.of())) {
            store.uploadArtifacts(run.id(), "model", dir);
            ensVersion =
                    registry.register(
                                    NAME,
                                    run.id(),
                                    store.artifactUri(run.id()) + "/model",
                                    Map.of("model_type", "ensemble", "feature_set", fs.id()))
                            .version();
            run.finish();
        }
        registry.promote(NAME, ensVersion, "champion");

        ChampionLoader loader =
                roundTrip(
                        new RegistryChampionLoader(
                                mlruns.toString(),
                                tmp.resolve("events.jsonl"),
                                Duration.ofSeconds(5)));
        RegistryChampionSource src =
                new RegistryChampionSource(mlruns.toString(), NAME, "champion", loader);
        ModelRef ref = src.champion().orElseThrow();
        assertThat(ref.version()).isEqualTo(ensVersion);

        Scorer scorer = src.load(ref);
        assertThat(scorer).isInstanceOf(EnsembleScorer.class);
        assertThat(scorer.modelVersion()).isEqualTo(ensVersion);
        assertThat(ModelGate.check(scorer, fs, 16).accepted()).isTrue();
        // the stacker over the stump: sigmoid(0.3 + 1.5 * logit(p_stump))
        var rows = ModelGate.smokeRows(fs, 3);
        for (var r : rows) {
            double p = stump.probabilityUp(List.of(r));
            double z = 0.3 + 1.5 * Math.log(p / (1 - p));
            assertThat(scorer.probabilityUp(List.of(r)))
                    .isCloseTo(1 / (1 + Math.exp(-z)), org.assertj.core.data.Offset.offset(1e-9));
        }
        // the flink-run jar's default loader reads portable trees only
        assertThatThrownBy(
                        () ->
                                new RegistryChampionSource(mlruns.toString(), NAME, "champion")
                                        .load(ref))
                .hasMessageContaining("portable.json");
    }

    private static ChampionLoader roundTrip(ChampionLoader l) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(b)) {
            o.writeObject(l);
        }
        try (ObjectInputStream i =
                new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
            return (ChampionLoader) i.readObject();
        }
    }
}
