package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.core.validation.WalkForwardSplitter.Fold;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import dev.algotrader.ml.ensemble.EnsembleScorer;
import dev.algotrader.ml.ensemble.OutOfFoldPredictions;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.TrackedRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tree model + the LSTM stacked into an ensemble, registered and loaded back by model type. */
class ForecasterEnsembleTrackingTest {

    @TempDir Path tmp;

    static final String NAME = "btc-usd_1m_trees";

    @Test
    void ensembleOfATreeAndTheLstmIsRegisteredAndScoresLikeTheTrainingSide() {
        SymbolSeries s = SyntheticSeries.create("BTC/USD", 420, 3, 2, 41);
        var store = new LocalMlflowStore(tmp.resolve("mlruns"), java.time.Clock.systemUTC());
        Registry registry = new Registry(store, EventLog.at(tmp.resolve("events.jsonl")));
        // a registered GBT stump on feature 0 (fixed, so its predictions are out-of-fold anywhere)
        TreeEnsembleScorer stump =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.GBT,
                        NAME,
                        "",
                        "run",
                        s.featureSet(),
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
                                    Map.of("model_type", "gbt", "feature_set", s.featureSet().id()))
                            .version();
            run.finish();
        }
        var split = new WalkForwardSplitter(SyntheticSeries.split()).split(s.size());
        List<Integer> folds = new ArrayList<>(), idx = new ArrayList<>();
        for (Fold f : split.folds()) {
            for (int t = f.test().from(); t < f.test().to(); t++) {
                if (s.label()[t] >= 0) {
                    folds.add(f.index());
                    idx.add(t);
                }
            }
        }
        int[] oofIdx = idx.stream().mapToInt(Integer::intValue).toArray();
        int[] hold =
                IntStream.range(split.holdout().from(), split.holdout().to())
                        .filter(t -> s.label()[t] >= 0)
                        .toArray();
        BaseModelRef treeRef = new BaseModelRef(NAME, treeVersion, "gbt");
        var tree =
                new ForecasterRun.BaseModel(
                        treeRef,
                        new OutOfFoldPredictions(
                                "gbt",
                                folds.stream().mapToInt(Integer::intValue).toArray(),
                                oofIdx,
                                IntStream.of(oofIdx)
                                        .mapToDouble(t -> stump.probabilityUp(s.x()[t]))
                                        .toArray()),
                        hold,
                        IntStream.of(hold)
                                .mapToDouble(t -> stump.probabilityUp(s.x()[t]))
                                .toArray());
        ForecasterConfig cfg = SyntheticSeries.config(List.of("lstm"), 1, 1, 64);
        ForecasterRun.Result r =
                ForecasterRun.run(
                        s, split, cfg, SyntheticSeries.split(), List.of(tree), tmp.resolve("out"));
        var target =
                new ForecasterTracking.Target(
                        "exp", NAME, Map.of(), "champion", Metric.LOG_LOSS, 0.0, 0.5);
        var pub = ForecasterTracking.publish(r, s, registry, target, List.of(treeRef));
        assertThat(pub)
                .extracting(ForecasterTracking.Published::modelType)
                .containsExactly("lstm", "ensemble");
        String ensVersion = pub.get(1).version();
        var loaded = RegistryScorers.load(registry, NAME, ensVersion);
        assertThat(loaded).isInstanceOf(EnsembleScorer.class);
        EnsembleScorer ens = (EnsembleScorer) loaded;
        assertThat(ens.model().baseModels())
                .containsExactly(treeRef, new BaseModelRef(NAME, pub.get(0).version(), "lstm"));
        double[] p = ForecasterScorers.score(ens, s, hold);
        ForecasterRun.ModelReport rep = r.reports().get(1);
        for (int i = 0; i < hold.length; i++)
            assertThat(p[i]).isCloseTo(rep.holdoutP()[i], Offset.offset(1e-6));
    }
}
