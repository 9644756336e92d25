package dev.algotrader.stream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.scoring.TreeEnsembleScorer;
import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trader's registry reader against the real MLflow 2.17.2 server with basic auth: the champion
 * alias and the portable artifact (through the artifact proxy) with credentials from the
 * environment or the URI; a clear one-line refusal without them.
 */
class RegistryChampionSourceMlflowIT {

    static final String USER = "admin";
    static final String PASSWORD = "Trader-pw-5k2m";
    static final String MODEL = "btc-usd_1m_trees";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static MlflowServerProcess server;
    static String runId;

    @BeforeAll
    static void registerAChampion() throws Exception {
        server = MlflowServerProcess.start(dir.resolve("mlflow"), USER + ":" + PASSWORD, false);
        String exp =
                post("experiments/create", "{\"name\":\"trader-it\"}")
                        .path("experiment_id")
                        .asText();
        JsonNode run =
                post("runs/create", "{\"experiment_id\":\"" + exp + "\",\"start_time\":1}")
                        .path("run")
                        .path("info");
        runId = run.path("run_id").asText();
        String root = run.path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/*", "");
        TreeEnsembleScorer scorer =
                new TreeEnsembleScorer(
                        TreeEnsembleScorer.Kind.GBT,
                        MODEL,
                        "1",
                        runId,
                        FeatureSetSpec.DEFAULT,
                        List.of(
                                new TreeEnsembleScorer.Tree(
                                        1.0,
                                        new int[] {-1},
                                        new double[] {0},
                                        new int[] {-1},
                                        new int[] {-1},
                                        new double[] {0.3},
                                        new double[1],
                                        new double[1])));
        HttpResponse<String> put =
                HttpClient.newHttpClient()
                        .send(
                                auth(HttpRequest.newBuilder(
                                                URI.create(
                                                        server.uri()
                                                                + "/api/2.0/mlflow-artifacts/artifacts/"
                                                                + root
                                                                + "/model/portable.json")))
                                        .PUT(HttpRequest.BodyPublishers.ofString(scorer.toJson()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        post("registered-models/create", "{\"name\":\"" + MODEL + "\"}");
        post(
                "model-versions/create",
                "{\"name\":\""
                        + MODEL
                        + "\",\"source\":\"mlflow-artifacts:/"
                        + root
                        + "/model\",\"run_id\":\""
                        + runId
                        + "\"}");
        post(
                "registered-models/alias",
                "{\"name\":\"" + MODEL + "\",\"alias\":\"champion\",\"version\":\"1\"}");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void environmentCredentialsReadTheAliasAndLoadThePortableModel() throws Exception {
        RegistryChampionSource src =
                new RegistryChampionSource(
                        server.uri(),
                        MODEL,
                        "champion",
                        null,
                        Map.of(
                                "MLFLOW_TRACKING_USERNAME", USER,
                                "MLFLOW_TRACKING_PASSWORD", PASSWORD));
        ModelRef ref = src.champion().orElseThrow();
        assertThat(ref).isEqualTo(new ModelRef(MODEL, "1", runId));
        Scorer s = src.load(ref);
        assertThat(s.modelVersion()).isEqualTo("1");
        assertThat(s.featureSet()).isEqualTo(FeatureSetSpec.DEFAULT);
        assertThat(
                        new RegistryChampionSource(
                                        server.uri(),
                                        "no-such-model",
                                        "champion",
                                        null,
                                        Map.of(
                                                "MLFLOW_TRACKING_USERNAME", USER,
                                                "MLFLOW_TRACKING_PASSWORD", PASSWORD))
                                .champion())
                .isEmpty();
        // a model without the alias (MLflow answers 400 "alias ... not found"): no champion yet
        assertThat(
                        new RegistryChampionSource(
                                        server.uriWith(USER, PASSWORD),
                                        MODEL,
                                        "no-such-alias",
                                        null,
                                        Map.of())
                                .champion())
                .isEmpty();
    }

    @Test
    void uriCredentialsReadTheAliasAndLoadThePortableModel() throws Exception {
        RegistryChampionSource src =
                new RegistryChampionSource(
                        server.uriWith(USER, PASSWORD), MODEL, "champion", null, Map.of());
        ModelRef ref = src.champion().orElseThrow();
        assertThat(src.load(ref).modelVersion()).isEqualTo("1");
    }

    @Test
    void withoutCredentialsTheRefusalIsOneLineThatSaysWhatToSet() {
        RegistryChampionSource none =
                new RegistryChampionSource(server.uri(), MODEL, "champion", null, Map.of());
        assertThatThrownBy(none::champion)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 401")
                .hasMessageContaining("set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")
                .hasMessageNotContaining("\n");
        RegistryChampionSource wrong =
                new RegistryChampionSource(
                        server.uriWith(USER, "Bad-pw-0000"), MODEL, "champion", null, Map.of());
        assertThatThrownBy(wrong::champion)
                .hasMessageContaining("rejected the credentials from the user:password in the")
                .hasMessageNotContaining("Bad-pw-0000");
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                auth(HttpRequest.newBuilder(
                                                URI.create(
                                                        server.uri() + "/api/2.0/mlflow/" + path)))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
