package dev.algotrader.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.ml.tracking.MlflowYaml;
import dev.algotrader.schema.FeatureSetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code MLmodel} files: the layout {@code mlflow.spark.save_model} writes, and what MLflow
 * 2.17.2's own {@code mlflow.models.Model.load} reads from them (flavors, signature) when the
 * services copy is next to the checkout.
 */
class MlflowModelFormatTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-02T03:04:05Z"), ZoneOffset.UTC);
    static final FeatureSetSpec FS = FeatureSetSpec.DEFAULT;

    @TempDir Path dir;

    @Test
    void sparkPipelineHasTheSparkAndPyfuncFlavorsAndTheFeatureSignature() {
        Map<String, Object> m =
                MlflowModelFormat.sparkPipeline("abc123", FS, "gbt", "3.5.6", 1234, CLOCK);
        String text = MlflowYaml.dump(m);
        assertThat(text)
                .contains(
                        """
                        flavors:
                          algotrader:
                            feature_set: core_v1
                            model_data: portable.json
                            model_type: gbt
                          python_function:
                            data: sparkml
                            env:
                              conda: conda.yaml
                              virtualenv: python_env.yaml
                            loader_module: mlflow.spark
                            python_version: 3.10.12
                          spark:
                            code: null
                            model_class: pyspark.ml.pipeline.PipelineModel
                            model_data: sparkml
                            pyspark_version: 3.5.6
                        """)
                .contains("utc_time_created: '2027-01-02 03:04:05.000000'")
                .contains("run_id: abc123")
                .contains("artifact_path: model")
                .contains("model_size_bytes: 1234");
        @SuppressWarnings("unchecked")
        Map<String, Object> sig = (Map<String, Object>) m.get("signature");
        assertThat(sig.get("inputs"))
                .asString()
                .startsWith(
                        "[{\"type\": \"double\", \"name\": \"log_ret_1\", \"required\": true},"
                                + " {\"type\": \"double\", \"name\": \"log_ret_4\"");
        assertThat(sig.get("outputs"))
                .isEqualTo(
                        "[{\"type\": \"double\", \"name\": \"prediction\", \"required\": true}]");
        assertThat(MlflowYaml.parse(text, "MLmodel")).isEqualTo(MlflowYaml.parse(text, "again"));
    }

    @Test
    void dl4jFlavorNamesTheModelFileAndTheFrameworkVersion() {
        Map<String, Object> m =
                MlflowModelFormat.dl4jSequence(
                        "r", FS, "lstm", 6, "model.zip", "sequence-model.json", 10, CLOCK);
        @SuppressWarnings("unchecked")
        Map<String, Object> dl4j =
                (Map<String, Object>) ((Map<String, Object>) m.get("flavors")).get("dl4j");
        assertThat(dl4j)
                .containsEntry("model_data", "model.zip")
                .containsEntry("spec", "sequence-model.json")
                .containsEntry("input_window", 6)
                .containsEntry("dl4j_version", "1.0.0-M2.1")
                .containsEntry("format", "ModelSerializer");
    }

    @Test
    void environmentFilesPinMlflowAndPyspark() {
        Map<String, String> env = MlflowModelFormat.sparkEnvironment("3.5.6");
        assertThat(env.get("requirements.txt")).isEqualTo("mlflow==2.17.2\npyspark==3.5.6\n");
        assertThat(MlflowYaml.parse(env.get("python_env.yaml"), "python_env"))
                .containsEntry("python", "3.10.12")
                .containsEntry("dependencies", List.of("-r requirements.txt"));
        assertThat(env.get("conda.yaml"))
                .contains("- pip:\n  - mlflow==2.17.2\n  - pyspark==3.5.6");
    }

    @Test
    void mlflowsOwnModelLoadReadsEveryKind() throws Exception {
        Optional<Path> home = MlflowServerProcess.mlflowHome();
        Assumptions.assumeTrue(home.isPresent(), MlflowServerProcess.SKIP_MESSAGE);
        Map<String, Map<String, Object>> kinds =
                Map.of(
                        "gbt",
                        MlflowModelFormat.sparkPipeline("r1", FS, "gbt", "3.5.6", 1, CLOCK),
                        "lstm",
                        MlflowModelFormat.dl4jSequence(
                                "r2", FS, "lstm", 6, "model.zip", "sequence-model.json", 1, CLOCK),
                        "ensemble",
                        MlflowModelFormat.ensemble(
                                "r3", FS, "ensemble", "ensemble.json", 1, CLOCK));
        for (Map.Entry<String, Map<String, Object>> k : kinds.entrySet()) {
            Path f = dir.resolve(k.getKey()).resolve(MlflowModelFormat.MLMODEL);
            Files.createDirectories(f.getParent());
            Files.writeString(f, MlflowYaml.dump(k.getValue()), StandardCharsets.UTF_8);
        }
        String out =
                MlflowServerProcess.python(
                        home.get(),
                        null,
                        """
                        import json, sys
                        from mlflow.models import Model
                        for path in sys.argv[1:]:
                            m = Model.load(path)
                            print(json.dumps({"path": path, "flavors": sorted(m.flavors),
                                "names": m.signature.inputs.input_names(),
                                "types": [t.name for t in m.signature.inputs.input_types()],
                                "outputs": m.signature.outputs.input_names(),
                                "run_id": m.run_id, "pyfunc": m.flavors.get("python_function")}))
                        """,
                        dir.resolve("gbt").toString(),
                        dir.resolve("lstm").toString(),
                        dir.resolve("ensemble").toString());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = out.strip().lines().map(l -> read(json, l)).toList();
        assertThat(rows).hasSize(3);
        JsonNode gbt = rows.get(0);
        assertThat(gbt.path("flavors").toString())
                .isEqualTo("[\"algotrader\",\"python_function\",\"spark\"]");
        assertThat(gbt.path("pyfunc").path("loader_module").asText()).isEqualTo("mlflow.spark");
        assertThat(gbt.path("outputs").toString()).isEqualTo("[\"prediction\"]");
        assertThat(rows.get(1).path("flavors").toString()).isEqualTo("[\"algotrader\",\"dl4j\"]");
        assertThat(rows.get(2).path("flavors").toString()).isEqualTo("[\"algotrader\"]");
        for (JsonNode r : rows) {
            assertThat(json.convertValue(r.path("names"), List.class)).isEqualTo(FS.featureNames());
            r.path("types").forEach(t -> assertThat(t.asText()).isEqualTo("double"));
        }
        assertThat(rows.get(1).path("run_id").asText()).isEqualTo("r2");
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
