package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.validation.WalkForwardSplitter;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecasterTrackingTest {

    @TempDir Path tmp;

    @Test
    void publishesEachSequenceModelAndScoresASequenceChampionOnTheSameHoldout() {
        SymbolSeries s = SyntheticSeries.create("BTC/USD", 420, 3, 2, 31);
        ForecasterConfig cfg = SyntheticSeries.config(List.of("lstm", "attention"), 1, 1, 64);
        var split = new WalkForwardSplitter(SyntheticSeries.split()).split(s.size());
        ForecasterRun.Result r =
                ForecasterRun.run(
                        s, split, cfg, SyntheticSeries.split(), List.of(), tmp.resolve("out"));
        var store = new LocalMlflowStore(tmp.resolve("mlruns"), java.time.Clock.systemUTC());
        Registry registry = new Registry(store, EventLog.at(tmp.resolve("events.jsonl")));
        var target =
                new ForecasterTracking.Target(
                        "algo-trader BTC/USD 1m",
                        "btc-usd_1m_trees",
                        Map.of("seed", "7"),
                        "champion",
                        Metric.LOG_LOSS,
                        0.0,
                        0.5);
        List<ForecasterTracking.Published> pub =
                ForecasterTracking.publish(r, s, registry, target, List.of());

        assertThat(pub)
                .extracting(ForecasterTracking.Published::modelType)
                .containsExactly("lstm", "attention");
        // first version: no champion yet → promoted
        assertThat(pub.get(0).decision().promoted()).isTrue();
        // second: the lstm champion was loaded from its artifacts by model type; it was decided on
        // the same promotion window (last walk-forward fold), so its recorded score is compared
        assertThat(pub.get(1).decision().championScore()).isNotNull();
        assertThat(pub.get(1).decision().championScore())
                .isCloseTo(
                        pub.get(0).metrics().get("promotion_log_loss"),
                        org.assertj.core.data.Offset.offset(1e-6));
        assertThat(store.runMetrics(pub.get(0).runId()))
                .containsKeys(
                        "holdout_log_loss",
                        "holdout_auc",
                        "fold_log_loss",
                        "train_loss",
                        "val_loss");
        assertThat(store.downloadArtifact(pub.get(0).runId(), "learning_curves.svg")).isNotEmpty();
        var v = store.modelVersion("btc-usd_1m_trees", pub.get(1).version()).orElseThrow();
        assertThat(v.tags()).containsEntry("model_type", "attention");
        // the registry factory loads whichever type holds @champion
        var champion = RegistryScorers.load(registry, "btc-usd_1m_trees", "champion");
        assertThat(champion.window()).isEqualTo(8);
    }
}
