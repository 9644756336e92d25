package dev.algotrader.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one registry reader: the local MLflow layout and an MLflow server (a scripted one here; the
 * real 2.17 server: RegistryChampionSourceMlflowIT and the ml-jobs MLflow ITs) give the same
 * answers.
 */
class RegistryReaderTest {

    @TempDir Path tmp;

    @Test
    void localLayoutAliasVersionTagsAndArtifact() throws Exception {
        Path model = tmp.resolve("models/m");
        Files.createDirectories(model.resolve("aliases"));
        Files.createDirectories(model.resolve("version-2/tags"));
        Files.writeString(model.resolve("meta.yaml"), "name: m\n");
        Files.writeString(model.resolve("aliases/champion"), "2\n");
        Files.writeString(
                model.resolve("version-2/meta.yaml"),
                "aliases: []\ncreation_timestamp: 17\ndescription: 'two\n\n  lines'\nname: m\n"
                        + "run_id: '0123'\nsource: file:///x/artifacts/model\nversion: 2\n");
        Files.writeString(model.resolve("version-2/tags/model_type"), "gbt");
        Path art = tmp.resolve("1/0123/artifacts/model");
        Files.createDirectories(art);
        Files.writeString(art.resolve("portable.json"), "{}");

        RegistryReader r = RegistryReader.open(tmp.toString(), Map.of());
        assertThat(r.models()).containsExactly("m");
        RegisteredVersion v = r.atAlias("m", "champion").orElseThrow();
        assertThat(v.version()).isEqualTo("2");
        assertThat(v.runId()).isEqualTo("0123");
        assertThat(v.source()).isEqualTo("file:///x/artifacts/model");
        assertThat(v.creationTimestamp()).isEqualTo(17);
        assertThat(v.tags()).containsEntry("model_type", "gbt");
        assertThat(v.aliases()).containsExactly("champion");
        assertThat(new String(r.artifact("0123", RegistryReader.PORTABLE_ARTIFACT)))
                .isEqualTo("{}");
        assertThat(r.atAlias("other", "champion")).isEmpty();
        assertThatThrownBy(() -> r.artifact("0123", "model/nope.json"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("has no artifact model/nope.json");
    }

    @Test
    void serverAliasVersionAndProxiedArtifactAndOneLineRefusal() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            String uri = server.url("/").toString().replaceAll("/$", "");
            server.enqueue(
                    json(
                            "{\"registered_model\":{\"aliases\":[{\"alias\":\"champion\",\"version\":\"2\"}]}}"));
            server.enqueue(
                    json(
                            "{\"model_versions\":[{\"name\":\"m\",\"version\":\"2\",\"run_id\":\"r1\","
                                    + "\"tags\":[{\"key\":\"model_type\",\"value\":\"gbt\"}]}]}"));
            server.enqueue(
                    json(
                            "{\"registered_model\":{\"aliases\":[{\"alias\":\"champion\",\"version\":\"2\"}]}}"));
            server.enqueue(
                    json(
                            "{\"run\":{\"info\":{\"artifact_uri\":\"mlflow-artifacts:/5/r1/artifacts\"}}}"));
            server.enqueue(new MockResponse.Builder().code(200).body("{\"trees\":1}").build());
            server.enqueue(
                    new MockResponse.Builder()
                            .code(404)
                            .body("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no\"}")
                            .build());
            server.enqueue(new MockResponse.Builder().code(401).body("<html>nope</html>").build());

            RegistryReader r = RegistryReader.open(uri, Map.of());
            RegisteredVersion v = r.atAlias("m", "champion").orElseThrow();
            assertThat(v.runId()).isEqualTo("r1");
            assertThat(v.tags()).containsEntry("model_type", "gbt");
            assertThat(v.aliases()).containsExactly("champion");
            assertThat(
                            new String(
                                    r.artifact("r1", RegistryReader.PORTABLE_ARTIFACT),
                                    StandardCharsets.UTF_8))
                    .isEqualTo("{\"trees\":1}");
            assertThat(r.aliases("absent")).isEmpty();
            assertThatThrownBy(() -> r.aliases("m"))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("answered HTTP 401")
                    .hasMessageContaining("set MLFLOW_TRACKING_USERNAME")
                    .hasMessageNotContaining("\n");

            server.takeRequest();
            server.takeRequest();
            server.takeRequest();
            server.takeRequest();
            assertThat(server.takeRequest().getTarget())
                    .isEqualTo(
                            "/api/2.0/mlflow-artifacts/artifacts/5/r1/artifacts/model/portable.json");
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).body(body).build();
    }
}
