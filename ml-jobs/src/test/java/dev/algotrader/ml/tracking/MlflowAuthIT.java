package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.fixtures.MlflowServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MlflowRestStore} against the real MLflow 2.17.2 server with its basic-auth app:
 * credentials from the environment and from the URI reach tracking, registry and the artifact
 * proxy; missing, wrong and misplaced settings give one line that says what to fix.
 */
class MlflowAuthIT {

    static final String USER = "admin";
    static final String PASSWORD = "Pw-7q4Zr-s3cret";

    @TempDir static Path dir;
    static MlflowServerProcess server;

    @BeforeAll
    static void start() {
        server = MlflowServerProcess.start(dir.resolve("mlflow"), USER + ":" + PASSWORD, true);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static MlflowRestStore store(MlflowEndpoint ep) {
        return new MlflowRestStore(
                ep,
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                new PendingRunEnds(dir.resolve("p")));
    }

    @Test
    void environmentCredentialsReachTrackingRegistryAndArtifacts() throws Exception {
        MlflowEndpoint ep =
                MlflowEndpoint.of(
                        server.uri(),
                        Map.of(
                                "MLFLOW_TRACKING_USERNAME", USER,
                                "MLFLOW_TRACKING_PASSWORD", PASSWORD));
        assertThat(ep.credentialSource()).isEqualTo(MlflowEndpoint.CredentialSource.ENV_BASIC);
        roundTrip(store(ep), "env_auth");
    }

    @Test
    void uriCredentialsReachTrackingRegistryAndArtifacts() throws Exception {
        MlflowEndpoint ep = MlflowEndpoint.of(server.uriWith(USER, PASSWORD), Map.of());
        assertThat(ep.credentialSource()).isEqualTo(MlflowEndpoint.CredentialSource.URI_BASIC);
        MlflowRestStore store = store(ep);
        assertThat(store.describe()).isEqualTo(server.uri()).doesNotContain(PASSWORD);
        roundTrip(store, "uri_auth");
    }

    /** Tracking, standard tags, artifacts (without Hadoop's files), registry and aliases. */
    private static void roundTrip(MlflowRestStore store, String model) throws Exception {
        String exp = store.experiment("auth " + model);
        String run = store.startRun(exp, "train", Map.of("git.commit", "abc123"));
        store.logParams(run, Map.of("seed", "42"));
        store.logMetrics(run, Map.of("cv_mean", 0.61), 0);
        Path local = dir.resolve(model + "-model");
        Files.createDirectories(local.resolve("sparkml/metadata"));
        Files.writeString(local.resolve("portable.json"), "{\"trees\":[]}");
        Files.writeString(local.resolve("sparkml/metadata/part-00000"), "{}");
        Files.writeString(local.resolve("sparkml/metadata/_SUCCESS"), "");
        Files.writeString(local.resolve("sparkml/metadata/.part-00000.crc"), "crc");
        store.uploadArtifacts(run, "model", local);
        assertThat(
                        new String(
                                store.downloadArtifact(run, "model/portable.json"),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"trees\":[]}");
        assertThat(store.downloadArtifact(run, "model/sparkml/metadata/part-00000")).hasSize(2);
        assertThatThrownBy(() -> store.downloadArtifact(run, "model/sparkml/metadata/_SUCCESS"))
                .isInstanceOf(TrackingException.class);
        assertThatThrownBy(
                        () -> store.downloadArtifact(run, "model/sparkml/metadata/.part-00000.crc"))
                .isInstanceOf(TrackingException.class);
        store.endRun(run, TrackingStore.RunStatus.FINISHED);
        assertThat(store.runStatus(run)).isEqualTo(TrackingStore.RunStatus.FINISHED);
        assertThat(store.runTags(run))
                .containsEntry("mlflow.runName", "train")
                .containsEntry("mlflow.source.name", "algo-trader")
                .containsEntry("mlflow.source.type", "LOCAL")
                .containsEntry("mlflow.source.git.commit", "abc123")
                .containsEntry("git.commit", "abc123")
                .containsEntry(RunProvenance.PID, Long.toString(ProcessHandle.current().pid()))
                .containsKeys("mlflow.user", RunProvenance.HOST, RunProvenance.PROCESS_START);

        store.ensureRegisteredModel(model);
        RegisteredVersion v1 =
                store.createModelVersion(
                        model, store.artifactUri(run) + "/model", run, Map.of("k", "v"));
        store.createModelVersion(model, store.artifactUri(run) + "/model", run, Map.of());
        store.setAlias(model, "champion", v1.version());
        // model-versions/search of a real server has no aliases: they come from the model
        assertThat(store.modelVersions(model))
                .extracting(RegisteredVersion::version, RegisteredVersion::aliases)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", java.util.List.of("champion")),
                        org.assertj.core.groups.Tuple.tuple("2", java.util.List.of()));
        assertThat(store.modelVersion(model, "1").orElseThrow().tags()).containsEntry("k", "v");
        assertThat(store.aliases(model)).containsExactly(Map.entry("champion", "1"));
    }

    @Test
    void missingOrWrongCredentialsSayWhatToSetWithoutTheSecret() {
        MlflowRestStore none = store(MlflowEndpoint.of(server.uri(), Map.of()));
        assertThatThrownBy(() -> none.experiment("x"))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("HTTP 401 (not authenticated)")
                .hasMessageContaining("set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD");
        MlflowRestStore wrong =
                store(
                        MlflowEndpoint.of(
                                server.uri(),
                                Map.of(
                                        "MLFLOW_TRACKING_USERNAME",
                                        USER,
                                        "MLFLOW_TRACKING_PASSWORD",
                                        "Wrong-pw-1234")));
        assertThatThrownBy(() -> wrong.experiment("x"))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining(
                        "rejected the credentials from"
                                + " MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD")
                .hasMessageNotContaining("Wrong-pw-1234");
        MlflowRestStore badUri =
                store(MlflowEndpoint.of(server.uriWith(USER, "nope-9876"), Map.of()));
        assertThatThrownBy(() -> badUri.registeredModels())
                .hasMessageContaining("the user:password in the tracking URI")
                .hasMessageNotContaining("nope-9876");
        // the trader's artifact path too
        assertThatThrownBy(() -> none.downloadArtifact("0123", "model/portable.json"))
                .isInstanceOf(TrackingException.class)
                .hasMessageContaining("HTTP 401");
    }

    @Test
    void aWrongPathPrefixIsOneLineWithoutTheHtmlPageAndIsNotRetried() {
        MlflowRestStore store =
                store(MlflowEndpoint.of(server.uriWith(USER, PASSWORD) + "/mlflow-ui", Map.of()));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.experiment("prefix-check-exp"))
                .isInstanceOf(TrackingException.class)
                .hasMessageStartingWith("no MLflow REST API at " + server.uri() + "/mlflow-ui")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("check the tracking URI's host, port and path")
                .hasMessageNotContaining("<")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining(PASSWORD);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        // one request reached the server (gunicorn's access log), not the Java client's three; the
        // client is done (it threw), but gunicorn may write its access line a moment later
        long hits = 0;
        for (long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                hits == 0 && System.nanoTime() < end; ) {
            hits = prefixHits();
            if (hits == 0) sleep(200);
        }
        assertThat(hits).isEqualTo(1);
    }

    private long prefixHits() {
        return server.serverLog()
                .lines()
                .filter(l -> l.contains("/mlflow-ui/api/2.0/mlflow/experiments/search"))
                .count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
