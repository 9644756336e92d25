package dev.algotrader.ml.tracking;

import dev.algotrader.core.registry.LocalRegistryReader;
import dev.algotrader.core.registry.MlflowFileLayout;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded tracking store: writes runs and the model registry in the on-disk layout of MLflow's
 * own {@code FileStore} (tracking: {@code mlflow/store/tracking/file_store.py}, registry: {@code
 * mlflow/store/model_registry/file_store.py}), so {@code mlflow ui --backend-store-uri ./mlruns}
 * shows them without conversion.
 *
 * <pre>
 * mlruns/
 *   0/meta.yaml                         the "Default" experiment MLflow expects
 *   &lt;exp_id&gt;/meta.yaml                  artifact_location, creation_time, experiment_id (a string),
 *                                       last_update_time, lifecycle_stage: active, name
 *   &lt;exp_id&gt;/&lt;run_id&gt;/meta.yaml         artifact_uri (file:///…/artifacts), end_time,
 *                                       entry_point_name, experiment_id, lifecycle_stage, run_id,
 *                                       run_name, run_uuid, source_name, source_type: 4,
 *                                       source_version, start_time, status (1 RUNNING,
 *                                       3 FINISHED, 4 FAILED, 5 KILLED), tags: [], user_id
 *   &lt;exp_id&gt;/&lt;run_id&gt;/params/&lt;key&gt;       the value, no newline
 *   &lt;exp_id&gt;/&lt;run_id&gt;/metrics/&lt;key&gt;      one line per logged value: "timestamp value step"
 *   &lt;exp_id&gt;/&lt;run_id&gt;/tags/&lt;key&gt;         the value (mlflow.runName, mlflow.user, …)
 *   &lt;exp_id&gt;/&lt;run_id&gt;/artifacts/…        the artifact files
 *   models/&lt;name&gt;/meta.yaml             creation_timestamp, description, last_updated_timestamp, name
 *   models/&lt;name&gt;/aliases/&lt;alias&gt;       the version number the alias points to
 *   models/&lt;name&gt;/tags/&lt;key&gt;           registered-model tags
 *   models/&lt;name&gt;/version-&lt;N&gt;/meta.yaml  aliases: [], creation_timestamp, current_stage: None,
 *                                       description, last_updated_timestamp, name, run_id,
 *                                       run_link, source, status: READY, status_message,
 *                                       storage_location, user_id, version: N
 *   models/&lt;name&gt;/version-&lt;N&gt;/tags/&lt;key&gt;  model-version tags
 * </pre>
 *
 * Keys may contain '/', which become sub-folders exactly as MLflow does it. Experiment ids are
 * strings: new ones are random 18-digit integers as MLflow 2.x allocates them, existing ones may be
 * anything MLflow accepts ({@code 0}, {@code 1}, {@code 426513500057009677}); run ids are 32 hex
 * characters. Every {@code meta.yaml} is read and written with {@link MlflowYaml}: an update
 * changes only the keys this store owns (run status and end time, a model's last update time) and
 * keeps everything else MLflow wrote (nested {@code aliases:}, multi-line descriptions, unknown
 * fields) as it was.
 */
public final class LocalMlflowStore implements TrackingStore {

    private static final String USER = System.getProperty("user.name", "algo-trader");

    private final Path root;
    private final Clock clock;
    private final LocalRegistryReader reader;
    private final MlflowFileLayout layout;

    public LocalMlflowStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
        this.reader = new LocalRegistryReader(this.root, MlflowYaml::read);
        this.layout = reader.layout();
        try {
            Files.createDirectories(this.root.resolve("models"));
            Path def = this.root.resolve("0");
            if (!Files.exists(def.resolve("meta.yaml"))) {
                writeExperimentMeta(def, "0", "Default");
            }
        } catch (IOException e) {
            throw new TrackingException(
                    "cannot create the local MLflow store at "
                            + this.root
                            + ": "
                            + e.getMessage()
                            + " (set algotrader.research.mlflow.local-dir to a writable folder)",
                    e);
        }
    }

    /** The store's root folder. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public synchronized String experiment(String name) {
        for (Path dir : experimentDirs()) {
            Map<String, Object> meta = MlflowYaml.read(dir.resolve("meta.yaml"));
            if (name.equals(MlflowYaml.string(meta, "name"))
                    && !"deleted".equals(MlflowYaml.string(meta, "lifecycle_stage"))) {
                String id = MlflowYaml.string(meta, "experiment_id");
                return id != null ? id : dir.getFileName().toString();
            }
        }
        String id;
        do {
            id = MlflowMetaFiles.newExperimentId();
        } while (Files.exists(root.resolve(id)));
        writeExperimentMeta(root.resolve(id), id, name);
        return id;
    }

    private void writeExperimentMeta(Path dir, String id, String name) {
        MlflowYaml.write(
                dir.resolve("meta.yaml"),
                MlflowMetaFiles.experiment(dir, id, name, clock.millis()));
    }

    /** Folders of active experiments: every folder with a meta.yaml except models and .trash. */
    private List<Path> experimentDirs() {
        return read(layout::experimentDirs);
    }

    @Override
    public synchronized String startRun(
            String experimentId, String runName, Map<String, String> tags) {
        Path expDir = root.resolve(experimentId);
        if (!Files.isRegularFile(expDir.resolve("meta.yaml"))) {
            throw new TrackingException("experiment " + experimentId + " not found in " + root);
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        Path runDir = expDir.resolve(runId);
        Map<String, Object> meta =
                MlflowMetaFiles.run(runDir, experimentId, runId, runName, clock.millis(), USER);
        try {
            Files.createDirectories(runDir.resolve("artifacts"));
            Files.createDirectories(runDir.resolve("params"));
            Files.createDirectories(runDir.resolve("metrics"));
            Files.createDirectories(runDir.resolve("tags"));
        } catch (IOException e) {
            throw io(e);
        }
        MlflowYaml.write(runDir.resolve("meta.yaml"), meta);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("mlflow.runName", runName);
        all.put("mlflow.user", USER);
        all.put("mlflow.source.name", "algo-trader");
        all.put("mlflow.source.type", "LOCAL");
        all.putAll(tags);
        setTags(runId, all);
        return runId;
    }

    @Override
    public synchronized void logParams(String runId, Map<String, String> params) {
        Path dir = runDir(runId).resolve("params");
        params.forEach((k, v) -> writeString(keyPath(dir, k), v == null ? "" : v));
    }

    @Override
    public synchronized void logMetrics(String runId, Map<String, Double> metrics, long step) {
        Path dir = runDir(runId).resolve("metrics");
        long ts = clock.millis();
        metrics.forEach(
                (k, v) -> {
                    Path f = keyPath(dir, k);
                    try {
                        Files.createDirectories(f.getParent());
                        Files.writeString(
                                f,
                                ts + " " + formatDouble(v) + " " + step + "\n",
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw io(e);
                    }
                });
    }

    @Override
    public synchronized void setTags(String runId, Map<String, String> tags) {
        Path dir = runDir(runId).resolve("tags");
        tags.forEach((k, v) -> writeString(keyPath(dir, k), v == null ? "" : v));
    }

    @Override
    public synchronized void uploadArtifact(String runId, String artifactPath, byte[] content) {
        Path f = keyPath(runDir(runId).resolve("artifacts"), artifactPath);
        try {
            Files.createDirectories(f.getParent());
            Files.write(f, content);
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public synchronized void uploadArtifacts(String runId, String artifactDir, Path localDir) {
        Path target = keyPath(runDir(runId).resolve("artifacts"), artifactDir);
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path dest = target.resolve(localDir.relativize(p).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public synchronized byte[] downloadArtifact(String runId, String artifactPath) {
        runDir(runId);
        return read(() -> reader.artifact(runId, artifactPath));
    }

    @Override
    public String artifactUri(String runId) {
        return MlflowYaml.string(
                MlflowYaml.read(runDir(runId).resolve("meta.yaml")), "artifact_uri");
    }

    @Override
    public synchronized void endRun(String runId, RunStatus status) {
        Path metaFile = runDir(runId).resolve("meta.yaml");
        Map<String, Object> meta = MlflowYaml.read(metaFile);
        meta.put("end_time", clock.millis());
        meta.put("status", status.code);
        MlflowYaml.write(metaFile, meta);
    }

    @Override
    public RunStatus runStatus(String runId) {
        Map<String, Object> meta = MlflowYaml.read(runDir(runId).resolve("meta.yaml"));
        return RunStatus.ofCode((int) MlflowYaml.number(meta, "status", RunStatus.RUNNING.code));
    }

    @Override
    public Map<String, Double> runMetrics(String runId) {
        Map<String, Double> out = new TreeMap<>();
        Path dir = runDir(runId).resolve("metrics");
        for (Map.Entry<String, String> e : readKeyFiles(dir).entrySet()) {
            String[] lines = e.getValue().strip().split("\n");
            String[] last = lines[lines.length - 1].trim().split(" ");
            out.put(e.getKey(), Double.parseDouble(last[1]));
        }
        return out;
    }

    @Override
    public Map<String, String> runTags(String runId) {
        return readKeyFiles(runDir(runId).resolve("tags"));
    }

    // ---- registry -------------------------------------------------------------------------

    @Override
    public synchronized void ensureRegisteredModel(String name) {
        Path dir = modelDir(name);
        if (Files.isRegularFile(dir.resolve("meta.yaml"))) return;
        Map<String, Object> meta = MlflowMetaFiles.registeredModel(name, clock.millis());
        MlflowYaml.write(dir.resolve("meta.yaml"), meta);
    }

    @Override
    public synchronized RegisteredVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        Path dir = modelDir(name);
        if (!Files.isRegularFile(dir.resolve("meta.yaml"))) {
            throw new TrackingException("registered model " + name + " does not exist");
        }
        long next =
                versionDirs(name).stream().mapToLong(MlflowFileLayout::versionOf).max().orElse(0)
                        + 1;
        long now = clock.millis();
        Map<String, Object> meta =
                MlflowMetaFiles.modelVersion(name, next, runId, source, now, USER);
        Path vdir = dir.resolve("version-" + next);
        MlflowYaml.write(vdir.resolve("meta.yaml"), meta);
        tags.forEach((k, v) -> writeString(keyPath(vdir.resolve("tags"), k), v));
        touchModel(name, now);
        return modelVersion(name, Long.toString(next)).orElseThrow();
    }

    @Override
    public Optional<RegisteredVersion> modelVersion(String name, String version) {
        return read(() -> reader.version(name, version));
    }

    @Override
    public List<RegisteredVersion> modelVersions(String name) {
        return read(() -> reader.versions(name));
    }

    @Override
    public Map<String, String> aliases(String name) {
        return read(() -> reader.aliases(name));
    }

    @Override
    public synchronized void setAlias(String name, String alias, String version) {
        if (modelVersion(name, version).isEmpty()) {
            throw new TrackingException(
                    "model " + name + " has no version " + version + ": see `algo-trader models`");
        }
        writeString(keyPath(modelDir(name).resolve("aliases"), alias), version);
        touchModel(name, clock.millis());
    }

    @Override
    public synchronized void setModelVersionTag(
            String name, String version, String key, String value) {
        Path vdir = modelDir(name).resolve("version-" + version);
        if (!Files.isRegularFile(vdir.resolve("meta.yaml"))) {
            throw new TrackingException("model " + name + " has no version " + version);
        }
        writeString(keyPath(vdir.resolve("tags"), key), value);
    }

    @Override
    public List<String> registeredModels() {
        return read(reader::models);
    }

    private void touchModel(String name, long now) {
        Path f = modelDir(name).resolve("meta.yaml");
        Map<String, Object> meta = MlflowYaml.read(f);
        meta.put("last_updated_timestamp", now);
        MlflowYaml.write(f, meta);
    }

    private List<Path> versionDirs(String name) {
        return read(() -> layout.versionDirs(name));
    }

    private Path modelDir(String name) {
        return read(() -> layout.modelDir(name));
    }

    private Path runDir(String runId) {
        return read(() -> layout.runDir(runId));
    }

    // ---- files -------------------------------------------------------------------------------

    private static Path keyPath(Path dir, String key) {
        return read(() -> MlflowFileLayout.keyPath(dir, key));
    }

    private static void writeString(Path f, String value) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw io(e);
        }
    }

    private static Map<String, String> readKeyFiles(Path dir) {
        return read(() -> MlflowFileLayout.readKeyFiles(dir));
    }

    /** Runs a read of the shared layout code; its failures become this store's exception. */
    private static <T> T read(Supplier<T> body) {
        try {
            return body.get();
        } catch (TrackingException e) {
            throw e;
        } catch (RegistryException e) {
            throw new TrackingException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    static String formatDouble(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v);
    }

    private static TrackingException io(IOException e) {
        return new TrackingException(
                "local MLflow store I/O error: " + e.getMessage(), new UncheckedIOException(e));
    }
}
