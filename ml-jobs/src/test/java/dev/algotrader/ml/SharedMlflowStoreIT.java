package dev.algotrader.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.MlflowRestStore;
import dev.algotrader.schema.FeatureSetSpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One MLflow {@code file:} store shared by the real MLflow 2.17.2 server and the project, the way a
 * user opens the embedded {@code mlruns/} in MLflow: MLflow writes first (an experiment with its
 * 18-digit id, a run with params/metrics/tags, a registered model with tags, a version, an alias
 * and a multi-line description), then the project trains through the server (artifacts through the
 * artifact proxy) and trains on the same folder as its embedded store and promotes; then the server
 * reads everything back — nothing MLflow wrote is lost, and the project's runs, versions and alias
 * are there. Every registered version is an MLflow model: MLflow's own {@code
 * mlflow.models.Model.load} reads its {@code MLmodel} (flavors, signature), both from the folder
 * and as {@code models:/name/N} through the server.
 */
class SharedMlflowStoreIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DESCRIPTION =
            "Direction model for BTC/USD 1m.\n  Owner: quant desk, 'paper' only: \"no live\"\n\nü";

    @TempDir static Path dir;
    static MlflowServerProcess server;
    static Path mlruns;

    @BeforeAll
    static void startServer() throws Exception {
        var home = MlflowServerProcess.mlflowHome();
        Assumptions.assumeTrue(home.isPresent(), MlflowServerProcess.SKIP_MESSAGE);
        mlruns = dir.resolve("mlruns");
        server = MlflowServerProcess.startWithBackend(dir.resolve("server"), "file:" + mlruns);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void mlflowAndTheProjectShareOneFileStoreAndEveryVersionIsAnMlflowModel() throws Exception {
        SparkSession spark = ResearchFixtures.spark();
        Path data = dir.resolve("data");
        ResearchFixtures.writeTables(
                spark, data, ResearchFixtures.Series.of(ResearchJobsIT.BARS, 5, 7));
        AppConfig app = ResearchJobsIT.config(data, "");
        String model =
                ResearchConfig.registeredModelName(
                        "BTC/USD", "1m", ResearchConfig.from(app).strategy());

        // 1. MLflow writes: experiment, run, registered model, version, alias, then an edit
        String notesExp =
                server.call("POST", "experiments/create", "{\"name\": \"desk notes\"}")
                        .path("experiment_id")
                        .asText();
        assertThat(notesExp).matches("\\d{18}");
        String notesRun =
                server.call(
                                "POST",
                                "runs/create",
                                json(
                                        "experiment_id",
                                        notesExp,
                                        "run_name",
                                        "by-mlflow",
                                        "start_time",
                                        1000))
                        .path("run")
                        .path("info")
                        .path("run_id")
                        .asText();
        server.call(
                "POST",
                "runs/log-batch",
                "{\"run_id\": \""
                        + notesRun
                        + "\", \"params\": [{\"key\": \"note\", \"value\": \"a: b 'c'\"}],"
                        + " \"metrics\": [{\"key\": \"pnl\", \"value\": 1.5, \"timestamp\": 1,"
                        + " \"step\": 0}], \"tags\": [{\"key\": \"desk\", \"value\": \"crypto\"}]}");
        server.call(
                "POST",
                "runs/update",
                json("run_id", notesRun, "status", "FINISHED", "end_time", 2000));
        server.call(
                "POST",
                "registered-models/create",
                "{\"name\": \""
                        + model
                        + "\", \"tags\": [{\"key\": \"owner\", \"value\": \"quant desk\"}]}");
        server.call(
                "POST",
                "model-versions/create",
                json(
                        "name",
                        model,
                        "source",
                        "mlflow-artifacts:/" + notesExp + "/" + notesRun + "/artifacts/model",
                        "run_id",
                        notesRun,
                        "description",
                        "hand-made\nsecond line"));
        server.call(
                "POST",
                "registered-models/alias",
                json("name", model, "alias", "staging", "version", "1"));
        server.call(
                "PATCH",
                "registered-models/update",
                json("name", model, "description", DESCRIPTION));
        assertThat(Files.readString(mlruns.resolve("models").resolve(model).resolve("meta.yaml")))
                .contains("aliases:\n  staging: '1'");

        // 2. the project through the server: artifacts (MLmodel included) through the proxy
        EventLog events = EventLog.at(dir.resolve("events.jsonl"));
        TrainResult viaServer;
        try (MlflowRestStore rest =
                new MlflowRestStore(server.uri(), Duration.ofSeconds(60), Clock.systemUTC())) {
            viaServer = ResearchJobs.train(spark, app, ResearchJobsIT.small("gbt"), events, rest);
        }
        assertThat(viaServer.version()).isEqualTo("2");

        // 3. the project on the same folder as its embedded store: train, then promote
        LocalMlflowStore local = new LocalMlflowStore(mlruns, Clock.systemUTC());
        TrainResult embedded =
                ResearchJobs.train(spark, app, ResearchJobsIT.small("rf"), events, local);
        assertThat(embedded.version()).isEqualTo("3");
        new Registry(local, events).promote(model, embedded.version(), "champion");

        // 4. the server reads it all back: what MLflow wrote is intact ...
        JsonNode exp =
                server.getJson("experiments/get-by-name?experiment_name=" + enc("desk notes"));
        assertThat(exp.path("experiment").path("experiment_id").asText()).isEqualTo(notesExp);
        JsonNode run = server.getJson("runs/get?run_id=" + notesRun).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        assertThat(kv(run.path("data").path("params"))).containsEntry("note", "a: b 'c'");
        assertThat(kv(run.path("data").path("tags"))).containsEntry("desk", "crypto");
        assertThat(run.path("data").path("metrics").get(0).path("value").asDouble()).isEqualTo(1.5);
        JsonNode rm =
                server.getJson("registered-models/get?name=" + enc(model)).path("registered_model");
        assertThat(rm.path("description").asText()).isEqualTo(DESCRIPTION);
        assertThat(kv(rm.path("tags"))).containsEntry("owner", "quant desk");
        Map<String, String> aliases = new HashMap<>();
        rm.path("aliases")
                .forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asText()));
        assertThat(aliases)
                .containsEntry("staging", "1")
                .containsEntry("champion", embedded.version());
        JsonNode v1 = version(model, "1");
        assertThat(v1.path("description").asText()).isEqualTo("hand-made\nsecond line");
        assertThat(v1.path("run_id").asText()).isEqualTo(notesRun);

        // ... and the project's runs and versions are there, with MLflow-readable models
        List<String> modelUris = new ArrayList<>();
        Map<String, String> expectedType = new LinkedHashMap<>();
        expectedType.put(viaServer.version(), "gbt");
        expectedType.put(embedded.version(), "rf");
        for (Map.Entry<String, String> e : expectedType.entrySet()) {
            JsonNode v = version(model, e.getKey());
            String runId = v.path("run_id").asText();
            JsonNode r = server.getJson("runs/get?run_id=" + runId).path("run");
            assertThat(r.path("info").path("status").asText())
                    .as(e.toString())
                    .isEqualTo("FINISHED");
            assertThat(kv(r.path("data").path("tags"))).containsEntry("model_type", e.getValue());
            String source = v.path("source").asText();
            if (source.startsWith("file:")) {
                // the embedded store's versions: the folder the server names holds the MLmodel
                assertThat(Path.of(URI.create(source)).resolve("MLmodel")).isRegularFile();
            } else {
                // through the proxy: GET the MLmodel where the version's source points
                String rel = source.substring("mlflow-artifacts:".length()).replaceAll("^/+", "");
                var got = server.get("/api/2.0/mlflow-artifacts/artifacts/" + rel + "/MLmodel");
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(got.body()).contains("loader_module: mlflow.spark");
            }
            modelUris.add("models:/" + model + "/" + e.getKey());
        }

        // MLflow's Python: Model.load on every version through the server's registry
        String out = server.python(LOAD_MODELS, modelUris.toArray(new String[0]));
        Map<String, JsonNode> loaded = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            JsonNode n = JSON.readTree(line);
            loaded.put(n.path("uri").asText(), n);
        }
        List<String> features = FeatureSetSpec.DEFAULT.featureNames();
        for (Map.Entry<String, String> e : expectedType.entrySet()) {
            JsonNode m = loaded.get("models:/" + model + "/" + e.getKey());
            assertThat(m).as(e.toString()).isNotNull();
            List<String> flavors = new ArrayList<>();
            m.path("flavors").fieldNames().forEachRemaining(flavors::add);
            switch (e.getValue()) {
                case "rf", "gbt" -> {
                    assertThat(flavors).contains("spark", "python_function", "algotrader");
                    JsonNode sparkFlavor = m.path("flavors").path("spark");
                    assertThat(sparkFlavor.path("model_data").asText()).isEqualTo("sparkml");
                    assertThat(sparkFlavor.path("pyspark_version").asText())
                            .isEqualTo(spark.version());
                    assertThat(
                                    m.path("flavors")
                                            .path("python_function")
                                            .path("loader_module")
                                            .asText())
                            .isEqualTo("mlflow.spark");
                    assertThat(m.path("files").toString()).contains("sparkml/metadata");
                }
                default -> throw new AssertionError("unexpected model type " + e.getValue());
            }
            assertThat(m.path("input_names")).hasSize(features.size());
            List<String> names = new ArrayList<>();
            m.path("input_names").forEach(n -> names.add(n.asText()));
            assertThat(names).isEqualTo(features);
            m.path("input_types").forEach(t -> assertThat(t.asText()).isEqualTo("double"));
            assertThat(m.path("run_id").asText()).isNotBlank();
        }
    }

    /** Loads each argument with mlflow.models.Model.load; one JSON line per model. */
    static final String LOAD_MODELS =
            """
            import json, os, sys
            from mlflow.models import Model
            from mlflow.artifacts import download_artifacts
            for uri in sys.argv[1:]:
                local = download_artifacts(artifact_uri=uri)
                m = Model.load(local)
                files = sorted(os.path.relpath(os.path.join(d, f), local)
                               for d, _, fs in os.walk(local) for f in fs)
                print(json.dumps({
                    "uri": uri,
                    "flavors": m.flavors,
                    "run_id": m.run_id,
                    "input_names": m.signature.inputs.input_names(),
                    "input_types": [t.name for t in m.signature.inputs.input_types()],
                    "outputs": m.signature.outputs.to_dict(),
                    "files": files,
                }))
            """;

    private static JsonNode version(String model, String version) throws Exception {
        return server.getJson("model-versions/get?name=" + enc(model) + "&version=" + version)
                .path("model_version");
    }

    private static Map<String, String> kv(JsonNode list) {
        Map<String, String> out = new HashMap<>();
        list.forEach(n -> out.put(n.path("key").asText(), n.path("value").asText()));
        return out;
    }

    private static String json(Object... kv) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return JSON.writeValueAsString(m);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
