package dev.algotrader.ml.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /** Top-level folders of the store that are not experiments (MLflow's FileStore skips them). */
    private static final Set<String> NOT_EXPERIMENTS = Set.of("models", ".trash");

    /** Digits of an experiment id MLflow 2.x allocates ({@code _EXPERIMENT_ID_FIXED_WIDTH}). */
    private static final int EXPERIMENT_ID_DIGITS = 18;

    private final Path root;
    private final Clock clock;

    public LocalMlflowStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
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
            id = newExperimentId();
        } while (Files.exists(root.resolve(id)));
        writeExperimentMeta(root.resolve(id), id, name);
        return id;
    }

    /** A random 18-digit id without a leading zero, as MLflow 2.x's FileStore allocates. */
    private static String newExperimentId() {
        long low = 1;
        for (int i = 1; i < EXPERIMENT_ID_DIGITS; i++) low *= 10;
        return Long.toString(low + ThreadLocalRandom.current().nextLong(9 * low));
    }

    private void writeExperimentMeta(Path dir, String id, String name) {
        long now = clock.millis();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", dir.toUri().toString().replaceAll("/$", ""));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        MlflowYaml.write(dir.resolve("meta.yaml"), meta);
    }

    /** Folders of active experiments: every folder with a meta.yaml except models and .trash. */
    private List<Path> experimentDirs() {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !NOT_EXPERIMENTS.contains(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw io(e);
        }
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
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(
                "artifact_uri",
                runDir.resolve("artifacts").toUri().toString().replaceAll("/$", ""));
        meta.put("end_time", null);
        meta.put("entry_point_name", "");
        meta.put("experiment_id", experimentId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runId);
        meta.put("run_name", runName);
        meta.put("run_uuid", runId);
        meta.put("source_name", "");
        meta.put("source_type", 4);
        meta.put("source_version", "");
        meta.put("start_time", clock.millis());
        meta.put("status", RunStatus.RUNNING.code);
        meta.put("tags", List.of());
        meta.put("user_id", USER);
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
        Path f = keyPath(runDir(runId).resolve("artifacts"), artifactPath);
        if (!Files.isRegularFile(f)) {
            throw new TrackingException(
                    "run " + runId + " has no artifact " + artifactPath + " in " + root);
        }
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw io(e);
        }
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
        long now = clock.millis();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("creation_timestamp", now);
        meta.put("description", null);
        meta.put("last_updated_timestamp", now);
        meta.put("name", name);
        MlflowYaml.write(dir.resolve("meta.yaml"), meta);
    }

    @Override
    public synchronized ModelVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        Path dir = modelDir(name);
        if (!Files.isRegularFile(dir.resolve("meta.yaml"))) {
            throw new TrackingException("registered model " + name + " does not exist");
        }
        long next = versionDirs(name).stream().mapToLong(p -> versionOf(p)).max().orElse(0) + 1;
        long now = clock.millis();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("aliases", List.of());
        meta.put("creation_timestamp", now);
        meta.put("current_stage", "None");
        meta.put("description", "");
        meta.put("last_updated_timestamp", now);
        meta.put("name", name);
        meta.put("run_id", runId);
        meta.put("run_link", "");
        meta.put("source", source);
        meta.put("status", "READY");
        meta.put("status_message", null);
        meta.put("storage_location", source);
        meta.put("user_id", USER);
        meta.put("version", next);
        Path vdir = dir.resolve("version-" + next);
        MlflowYaml.write(vdir.resolve("meta.yaml"), meta);
        tags.forEach((k, v) -> writeString(keyPath(vdir.resolve("tags"), k), v));
        touchModel(name, now);
        return modelVersion(name, Long.toString(next)).orElseThrow();
    }

    @Override
    public Optional<ModelVersion> modelVersion(String name, String version) {
        Path vdir = modelDir(name).resolve("version-" + version);
        if (!Files.isRegularFile(vdir.resolve("meta.yaml"))) return Optional.empty();
        Map<String, Object> meta = MlflowYaml.read(vdir.resolve("meta.yaml"));
        List<String> aliases = new ArrayList<>();
        aliases(name)
                .forEach(
                        (a, v) -> {
                            if (v.equals(version)) aliases.add(a);
                        });
        return Optional.of(
                new ModelVersion(
                        name,
                        version,
                        Objects.requireNonNullElse(MlflowYaml.string(meta, "run_id"), ""),
                        MlflowYaml.string(meta, "source"),
                        MlflowYaml.number(meta, "creation_timestamp", 0),
                        readKeyFiles(vdir.resolve("tags")),
                        aliases));
    }

    @Override
    public List<ModelVersion> modelVersions(String name) {
        List<ModelVersion> out = new ArrayList<>();
        for (Path p : versionDirs(name)) {
            modelVersion(name, Long.toString(versionOf(p))).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(m -> Long.parseLong(m.version())));
        return out;
    }

    @Override
    public Map<String, String> aliases(String name) {
        Map<String, String> out = new TreeMap<>();
        readKeyFiles(modelDir(name).resolve("aliases")).forEach((a, v) -> out.put(a, v.strip()));
        return out;
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
        try (Stream<Path> s = Files.list(root.resolve("models"))) {
            return s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw io(e);
        }
    }

    private void touchModel(String name, long now) {
        Path f = modelDir(name).resolve("meta.yaml");
        Map<String, Object> meta = MlflowYaml.read(f);
        meta.put("last_updated_timestamp", now);
        MlflowYaml.write(f, meta);
    }

    private static long versionOf(Path versionDir) {
        return Long.parseLong(versionDir.getFileName().toString().substring("version-".length()));
    }

    private List<Path> versionDirs(String name) {
        Path dir = modelDir(name);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("version-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .toList();
        } catch (IOException e) {
            throw io(e);
        }
    }

    private Path modelDir(String name) {
        if (name.contains("/") || name.contains("%") || name.isBlank()) {
            throw new TrackingException(
                    "invalid registered model name '" + name + "': no '/', no '%', not blank");
        }
        return root.resolve("models").resolve(name);
    }

    private Path runDir(String runId) {
        for (Path exp : experimentDirs()) {
            Path r = exp.resolve(runId);
            if (Files.isRegularFile(r.resolve("meta.yaml"))) return r;
        }
        throw new TrackingException("run " + runId + " not found in " + root);
    }

    // ---- files -------------------------------------------------------------------------------

    private static Path keyPath(Path dir, String key) {
        if (key.isBlank() || key.startsWith("/") || key.contains("..")) {
            throw new TrackingException("invalid key or artifact path '" + key + "'");
        }
        return dir.resolve(key);
    }

    private static void writeString(Path f, String value) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** Key → file content of every file below {@code dir}, keys '/'-joined as MLflow reads them. */
    private static Map<String, String> readKeyFiles(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(
                        dir.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw io(e);
        }
        return out;
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
