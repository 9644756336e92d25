package dev.algotrader.stream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The champion alias in the Researcher's local MLflow layout and on an MLflow server. */
class RegistryChampionSourceTest {

    @TempDir Path tmp;

    @Test
    void localStoreAliasResolvesToTheVersionAndItsRun() throws Exception {
        Path models = tmp.resolve("models/btc-usd_1m");
        Files.createDirectories(models.resolve("aliases"));
        Files.createDirectories(models.resolve("version-3"));
        Files.writeString(models.resolve("aliases/champion"), "3");
        Files.writeString(
                models.resolve("version-3/meta.yaml"),
                "creation_timestamp: 1\nname: btc-usd_1m\nrun_id: 0123abcd\nsource: file:///x\n"
                        + "version: 3\n");
        RegistryChampionSource src =
                new RegistryChampionSource(tmp.toString(), "btc-usd_1m", "champion");
        assertThat(src.champion()).contains(new ModelRef("btc-usd_1m", "3", "0123abcd"));
        assertThat(new RegistryChampionSource(tmp.toString(), "other", "champion").champion())
                .isEmpty();
    }

    @Test
    void mlflowServerAliasIsReadOverRest() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(
                    new Dispatcher() {
                        @Override
                        public MockResponse dispatch(RecordedRequest r) {
                            if (r.getTarget()
                                    .startsWith(
                                            "/api/2.0/mlflow/registered-models/alias?name=btc-usd_1m&alias=champion")) {
                                return new MockResponse.Builder()
                                        .code(200)
                                        .body(
                                                "{\"model_version\":{\"name\":\"btc-usd_1m\","
                                                        + "\"version\":\"7\",\"run_id\":\"run7\","
                                                        + "\"source\":\"mlflow-artifacts:/1/run7/artifacts/model\","
                                                        + "\"aliases\":[\"champion\"],\"status\":\"READY\"}}")
                                        .build();
                            }
                            return new MockResponse.Builder()
                                    .code(404)
                                    .body("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"}")
                                    .build();
                        }
                    });
            server.start();
            String uri = "http://127.0.0.1:" + server.getPort();
            assertThat(new RegistryChampionSource(uri, "btc-usd_1m", "champion").champion())
                    .contains(new ModelRef("btc-usd_1m", "7", "run7"));
            assertThat(new RegistryChampionSource(uri, "nope", "champion").champion()).isEmpty();
        }
    }
}
