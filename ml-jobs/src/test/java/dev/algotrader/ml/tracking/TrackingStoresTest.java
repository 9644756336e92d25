package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.ml.eval.Metric;
import dev.algotrader.ml.registry.PromotionDecision;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.schema.Event;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both tracking stores behave the same: run lifecycle, registry, and the promotion rule (alias
 * moves only when the rule says so, decision logged as event and tags). Plus the local on-disk
 * layout and the REST store's failure messages.
 */
class TrackingStoresTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir Path tmp;
    private FakeMlflowServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeMlflowServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private TrackingStore store(String kind) {
        return server.store(kind, tmp.resolve("mlruns"), CLOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "http"})
    void runLifecycleParamsMetricsTagsArtifacts(String kind) {
        TrackingStore s = store(kind);
        String exp = s.experiment("algo-trader BTC/USD 1m");
        assertThat(s.experiment("algo-trader BTC/USD 1m")).isEqualTo(exp);
        String run = s.startRun(exp, "train", Map.of("seed", "42"));
        assertThat(s.runStatus(run)).isEqualTo(TrackingStore.RunStatus.RUNNING);
        s.logParams(run, Map.of("model.maxDepth", "3"));
        s.logMetrics(run, Map.of("fold_auc", 0.51), 0);
        s.logMetrics(run, Map.of("fold_auc", 0.55), 1);
        s.setTags(run, Map.of("feature_set", "core_v1"));
        s.uploadArtifact(run, "model/portable.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(
                        new String(
                                s.downloadArtifact(run, "model/portable.json"),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
        assertThat(s.runMetrics(run)).containsEntry("fold_auc", 0.55);
        assertThat(s.runTags(run))
                .containsEntry("feature_set", "core_v1")
                .containsEntry("seed", "42");
        s.endRun(run, TrackingStore.RunStatus.FAILED);
        assertThat(s.runStatus(run)).isEqualTo(TrackingStore.RunStatus.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "http"})
    void promotionMovesTheAliasOnlyWhenTheRuleSaysSo(String kind) {
        TrackingStore s = store(kind);
        EventLog events = EventLog.at(tmp.resolve("events-" + kind + ".jsonl"));
        Registry reg = new Registry(s, events);
        String exp = s.experiment("e");
        String name = "btc-usd_1m_trees";
        String[] runs = new String[5];
        String[] vs = new String[5];
        for (int i = 1; i <= 4; i++) {
            runs[i] = s.startRun(exp, "r" + i, Map.of());
            vs[i] =
                    reg.register(name, runs[i], s.artifactUri(runs[i]) + "/model", Map.of())
                            .version();
            assertThat(vs[i]).isEqualTo(Integer.toString(i));
        }
        // v1: no champion yet → promoted
        PromotionDecision d1 =
                reg.applyRule(
                        name, "1", runs[1], "champion", Metric.LOG_LOSS, 0.001, 0.690, null, "");
        assertThat(d1.promoted()).isTrue();
        assertThat(s.aliases(name)).containsEntry("champion", "1");
        // v2: worse log loss → not promoted
        PromotionDecision d2 =
                reg.applyRule(
                        name, "2", runs[2], "champion", Metric.LOG_LOSS, 0.001, 0.695, 0.690, "");
        assertThat(d2.promoted()).isFalse();
        assertThat(s.aliases(name)).containsEntry("champion", "1");
        // v3: better, but not by more than the margin → not promoted
        PromotionDecision d3 =
                reg.applyRule(
                        name, "3", runs[3], "champion", Metric.LOG_LOSS, 0.001, 0.6895, 0.690, "");
        assertThat(d3.promoted()).isFalse();
        assertThat(s.aliases(name)).containsEntry("champion", "1");
        // v4: better by more than the margin → promoted
        PromotionDecision d4 =
                reg.applyRule(
                        name, "4", runs[4], "champion", Metric.LOG_LOSS, 0.001, 0.680, 0.690, "");
        assertThat(d4.promoted()).isTrue();
        assertThat(s.aliases(name)).containsEntry("champion", "4");
        assertThat(d4.previousChampion()).isEqualTo("1");
        // both scores and the rule are tags of the version and details of the event
        Map<String, String> tags = s.modelVersion(name, "2").orElseThrow().tags();
        assertThat(tags)
                .containsEntry("promotion.promoted", "false")
                .containsEntry("promotion.new_score", "0.695")
                .containsEntry("promotion.champion_score", "0.69")
                .containsEntry("promotion.metric", "log_loss");
        List<Event> ev = events.readAll();
        assertThat(ev.stream().map(Event::event))
                .containsSubsequence(
                        "model.promoted",
                        "model.promotion_declined",
                        "model.promotion_declined",
                        "model.promoted");
        Event declined =
                ev.stream()
                        .filter(e -> e.event().equals("model.promotion_declined"))
                        .findFirst()
                        .orElseThrow();
        assertThat(declined.details())
                .containsEntry("promotion.new_score", "0.695")
                .containsEntry("promotion.champion_score", "0.69")
                .containsEntry("promotion.rule", "log_loss(new) < log_loss(champion) - 0.001");
        // a champion that cannot be scored on the holdout is never replaced automatically
        PromotionDecision d5 =
                reg.applyRule(
                        name, "2", runs[2], "champion", Metric.AUC, 0.0, 0.99, null, "other set");
        assertThat(d5.promoted()).isFalse();
        assertThat(s.aliases(name)).containsEntry("champion", "4");
        // manual promotion does what the MLflow UI does
        reg.promote(name, "2", "champion");
        assertThat(s.aliases(name)).containsEntry("champion", "2");
        assertThat(reg.models(name))
                .extracting(Registry.ModelRow::version)
                .containsExactly("1", "2", "3", "4");
        assertThat(reg.models(name).get(1).aliases()).containsExactly("champion");
        assertThatThrownBy(() -> reg.promote(name, "9", "champion"))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("has no version 9");
        assertThat(s.aliases(name)).containsEntry("champion", "2");
    }

    @Test
    void localStoreWritesMlflowFileStoreLayout() throws Exception {
        LocalMlflowStore s = new LocalMlflowStore(tmp.resolve("mlruns"), CLOCK);
        String exp = s.experiment("algo-trader BTC/USD 1m");
        String run = s.startRun(exp, "train", Map.of("seed", "42"));
        s.logParams(run, Map.of("model.maxDepth", "3"));
        s.logMetrics(run, Map.of("fold_auc", 0.5), 2);
        s.endRun(run, TrackingStore.RunStatus.FINISHED);
        s.ensureRegisteredModel("m");
        s.createModelVersion("m", s.artifactUri(run) + "/model", run, Map.of("model_type", "gbt"));
        s.setAlias("m", "champion", "1");

        Path root = tmp.resolve("mlruns");
        assertThat(Files.readString(root.resolve("0/meta.yaml"))).contains("name: Default");
        String expMeta = Files.readString(root.resolve(exp).resolve("meta.yaml"));
        assertThat(expMeta)
                .contains("experiment_id: '" + exp + "'")
                .contains("name: algo-trader BTC/USD 1m")
                .contains("lifecycle_stage: active")
                .contains("artifact_location: file:");
        Path runDir = root.resolve(exp).resolve(run);
        String runMeta = Files.readString(runDir.resolve("meta.yaml"));
        assertThat(runMeta)
                .contains("status: 3")
                .contains("run_name: train")
                .contains("start_time: " + CLOCK.millis())
                .contains("end_time: " + CLOCK.millis())
                .contains("artifact_uri: file:");
        assertThat(Files.readString(runDir.resolve("params/model.maxDepth"))).isEqualTo("3");
        assertThat(Files.readString(runDir.resolve("metrics/fold_auc")))
                .isEqualTo(CLOCK.millis() + " 0.5 2\n");
        assertThat(Files.readString(runDir.resolve("tags/mlflow.runName"))).isEqualTo("train");
        assertThat(Files.readString(runDir.resolve("tags/seed"))).isEqualTo("42");
        assertThat(Files.readString(root.resolve("models/m/meta.yaml"))).contains("name: m");
        assertThat(Files.readString(root.resolve("models/m/version-1/meta.yaml")))
                .contains("version: 1")
                .contains("current_stage: None")
                .contains("status: READY")
                .contains("run_id: ");
        assertThat(Files.readString(root.resolve("models/m/version-1/tags/model_type")))
                .isEqualTo("gbt");
        assertThat(Files.readString(root.resolve("models/m/aliases/champion"))).isEqualTo("1");
    }

    @Test
    void httpErrorsAndUnreachableServerGiveOneLineMessages() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        TrackingStore down =
                new MlflowRestStore("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2), CLOCK);
        assertThatThrownBy(() -> down.experiment("x"))
                .isInstanceOf(TrackingException.class)
                .hasMessageStartingWith(
                        "cannot reach the MLflow tracking server at http://127.0.0.1:")
                .hasMessageContaining("unset MLFLOW_TRACKING_URI")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        TrackingStore s = store("http");
        String exp = s.experiment("e");
        String run = s.startRun(exp, "r", Map.of());
        server.failOn("runs/log-batch", 503);
        long before = logBatches();
        assertThatThrownBy(() -> s.logMetrics(run, Map.of("a", 1.0), 0))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        // a 5xx is tried three times (MLflow's policy), not more
        assertThat(logBatches() - before).isEqualTo(3);
        server.clearFailures();
        server.failOn("registered-models/alias", 403);
        s.ensureRegisteredModel("m");
        s.createModelVersion("m", "src", run, Map.of());
        long aliasCalls = server.requests().stream().filter(x -> x.contains("alias")).count();
        assertThatThrownBy(() -> s.setAlias("m", "champion", "1"))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("HTTP 403");
        // a 4xx is final: one request, not the Java client's three
        assertThat(server.requests().stream().filter(x -> x.contains("alias")).count())
                .isEqualTo(aliasCalls + 1);
        assertThat(server.aliases("m")).isEmpty();
        server.clearFailures();
        server.failOn("mlflow-artifacts", 500);
        assertThatThrownBy(() -> s.uploadArtifact(run, "x.json", new byte[] {1}))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("HTTP 500");
    }

    private long logBatches() {
        return server.requests().stream().filter(x -> x.endsWith("runs/log-batch")).count();
    }

    @Test
    void trackedRunIsMarkedFailedWhenItDoesNotFinish() {
        TrackingStore s = store("http");
        String id;
        try (TrackedRun run = TrackedRun.start(s, "e", "r", Map.of())) {
            id = run.id();
            assertThat(server.runStatus(id)).isEqualTo("RUNNING");
        }
        assertThat(server.runStatus(id)).isEqualTo("FAILED");
        assertThat(server.requests()).anyMatch(r -> r.equals("POST /api/2.0/mlflow/runs/update"));
    }
}
