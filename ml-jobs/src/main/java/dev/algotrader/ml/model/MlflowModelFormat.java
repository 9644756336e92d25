package dev.algotrader.ml.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.ml.tracking.MlflowYaml;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.FeatureSetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A registered version's {@code model/} folder in MLflow's model format: an {@code MLmodel} file
 * with a signature and the flavors MLflow's tools understand, next to the files the project itself
 * loads (unchanged). The layout copies what MLflow 2.17's {@code mlflow.spark.save_model} writes:
 *
 * <pre>
 * model/MLmodel            flavors, signature, run_id, artifact_path, model_uuid, utc_time_created
 * model/sparkml/           Spark ML's own writer output (PipelineModel.write): PySpark reads it
 * model/requirements.txt   mlflow, pyspark (the Spark version that wrote the model)
 * model/python_env.yaml    the virtualenv environment {@code mlflow models serve} builds
 * model/conda.yaml         the same environment for conda
 * model/portable.json      the project's portable tree scorer (what the trader loads)
 * </pre>
 *
 * Flavors: {@code spark} + {@code python_function} ({@code loader_module: mlflow.spark}) for the
 * MLlib pipelines; {@code dl4j} (a custom flavor: the DL4J {@code model.zip} written by {@code
 * ModelSerializer}, its sidecar spec, the DL4J version) for the sequence models; and {@code
 * algotrader} on every version: the model type, feature set and the file the project's scorer
 * reads. The signature's inputs are the feature-set columns (all {@code double}), as MLflow's
 * {@code ModelSignature.to_dict} writes them: a JSON list inside the YAML.
 */
public final class MlflowModelFormat {

    /** The MLflow model file name. */
    public static final String MLMODEL = "MLmodel";

    /** Folder of the Spark ML model inside {@code model/} ({@code _SPARK_MODEL_PATH_SUB}). */
    public static final String SPARKML = "sparkml";

    /** The MLflow version whose model format this writes (and the environment files pin). */
    public static final String MLFLOW_VERSION = "2.17.2";

    /** Python the environment files name (PySpark 3.5 and 4.x both support it). */
    public static final String PYTHON_VERSION = "3.10.12";

    /** What PySpark's {@code PipelineModel} is called in MLflow's {@code model_class}. */
    static final String PYSPARK_PIPELINE_MODEL = "pyspark.ml.pipeline.PipelineModel";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private MlflowModelFormat() {}

    /**
     * The {@code MLmodel} of an MLlib pipeline saved under {@code sparkml/}: flavors {@code spark},
     * {@code python_function} and {@code algotrader}.
     */
    public static Map<String, Object> sparkPipeline(
            String runId,
            FeatureSetSpec featureSet,
            String modelType,
            String sparkVersion,
            long sizeBytes,
            Clock clock) {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("code", null);
        spark.put("model_class", PYSPARK_PIPELINE_MODEL);
        spark.put("model_data", SPARKML);
        spark.put("pyspark_version", sparkVersion);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("conda", "conda.yaml");
        env.put("virtualenv", "python_env.yaml");
        Map<String, Object> pyfunc = new LinkedHashMap<>();
        pyfunc.put("data", SPARKML);
        pyfunc.put("env", env);
        pyfunc.put("loader_module", "mlflow.spark");
        pyfunc.put("python_version", PYTHON_VERSION);
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("algotrader", projectFlavor(modelType, featureSet, "portable.json"));
        flavors.put("python_function", pyfunc);
        flavors.put("spark", spark);
        return mlmodel(runId, featureSet, "prediction", flavors, sizeBytes, clock);
    }

    /**
     * The {@code MLmodel} of a DL4J sequence model ({@code modelFile} and its {@code specFile}):
     * flavors {@code dl4j} and {@code algotrader}. It scores a window of {@code window} feature
     * rows, the last one being the bar scored.
     */
    public static Map<String, Object> dl4jSequence(
            String runId,
            FeatureSetSpec featureSet,
            String modelType,
            int window,
            String modelFile,
            String specFile,
            long sizeBytes,
            Clock clock) {
        Map<String, Object> dl4j = new LinkedHashMap<>();
        dl4j.put("dl4j_version", libraryVersion("org.deeplearning4j", "deeplearning4j-nn"));
        dl4j.put("format", "ModelSerializer");
        dl4j.put("input_window", window);
        dl4j.put("model_data", modelFile);
        dl4j.put("spec", specFile);
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("algotrader", projectFlavor(modelType, featureSet, specFile));
        flavors.put("dl4j", dl4j);
        return mlmodel(runId, featureSet, "probability_up", flavors, sizeBytes, clock);
    }

    /**
     * The {@code MLmodel} of a stacked ensemble ({@code ensembleFile}): flavor {@code algotrader}.
     */
    public static Map<String, Object> ensemble(
            String runId,
            FeatureSetSpec featureSet,
            String modelType,
            String ensembleFile,
            long sizeBytes,
            Clock clock) {
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("algotrader", projectFlavor(modelType, featureSet, ensembleFile));
        return mlmodel(runId, featureSet, "probability_up", flavors, sizeBytes, clock);
    }

    /**
     * The environment files MLflow writes next to a spark-flavored model: {@code requirements.txt},
     * {@code python_env.yaml}, {@code conda.yaml}.
     */
    public static Map<String, String> sparkEnvironment(String sparkVersion) {
        List<String> reqs = List.of("mlflow==" + MLFLOW_VERSION, "pyspark==" + sparkVersion);
        Map<String, Object> pythonEnv = new LinkedHashMap<>();
        pythonEnv.put("python", PYTHON_VERSION);
        pythonEnv.put("build_dependencies", List.of("pip", "setuptools", "wheel"));
        pythonEnv.put("dependencies", List.of("-r requirements.txt"));
        Map<String, Object> conda = new LinkedHashMap<>();
        conda.put("channels", List.of("conda-forge"));
        List<Object> deps = new ArrayList<>();
        deps.add("python=" + PYTHON_VERSION);
        deps.add("pip");
        deps.add(Map.of("pip", reqs));
        conda.put("dependencies", deps);
        conda.put("name", "mlflow-env");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("requirements.txt", String.join("\n", reqs) + "\n");
        files.put("python_env.yaml", MlflowYaml.dump(pythonEnv));
        files.put("conda.yaml", MlflowYaml.dump(conda));
        return files;
    }

    /** Writes {@code mlmodel} as {@code <artifactDir>/MLmodel} of the run, through the store. */
    public static void publish(
            TrackingStore store, String runId, String artifactDir, Map<String, Object> mlmodel) {
        store.uploadArtifact(
                runId,
                artifactDir + "/" + MLMODEL,
                MlflowYaml.dump(mlmodel).getBytes(StandardCharsets.UTF_8));
    }

    /** Total size of the files below {@code dir} (MLflow's {@code model_size_bytes}). */
    public static long sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) total += Files.size(p);
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MLflow's signature JSON for {@code featureSet}'s columns ({@code json.dumps} spacing). */
    static String inputSchema(FeatureSetSpec featureSet) {
        List<String> cols = new ArrayList<>();
        for (String name : featureSet.featureNames()) cols.add(column(name));
        return "[" + String.join(", ", cols) + "]";
    }

    private static String column(String name) {
        try {
            return "{\"type\": \"double\", \"name\": "
                    + JSON.writeValueAsString(name)
                    + ", \"required\": true}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> projectFlavor(
            String modelType, FeatureSetSpec featureSet, String dataFile) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("feature_set", featureSet.id());
        f.put("model_data", dataFile);
        f.put("model_type", modelType);
        return f;
    }

    private static Map<String, Object> mlmodel(
            String runId,
            FeatureSetSpec featureSet,
            String output,
            Map<String, Object> flavors,
            long sizeBytes,
            Clock clock) {
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("inputs", inputSchema(featureSet));
        signature.put("outputs", "[" + column(output) + "]");
        signature.put("params", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("artifact_path", "model");
        m.put("flavors", flavors);
        m.put("mlflow_version", MLFLOW_VERSION);
        if (sizeBytes > 0) m.put("model_size_bytes", sizeBytes);
        m.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        m.put("run_id", runId);
        m.put("signature", signature);
        m.put("utc_time_created", CREATED.format(clock.instant()));
        return m;
    }

    /** A library's version from its Maven {@code pom.properties} ("unknown" when not packaged). */
    static String libraryVersion(String groupId, String artifactId) {
        String res = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = MlflowModelFormat.class.getResourceAsStream(res)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
