package dev.algotrader.ml.tracking;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code meta.yaml} contents MLflow's own {@code FileStore} writes for a new experiment, run,
 * registered model and model version (field names, order and initial values as MLflow 2.x writes
 * them), for {@link LocalMlflowStore}. Later updates change only the keys the store owns.
 */
final class MlflowMetaFiles {

    /** Digits of an experiment id MLflow 2.x allocates ({@code _EXPERIMENT_ID_FIXED_WIDTH}). */
    private static final int EXPERIMENT_ID_DIGITS = 18;

    private MlflowMetaFiles() {}

    /** A random 18-digit id without a leading zero, as MLflow 2.x's FileStore allocates. */
    static String newExperimentId() {
        long low = 1;
        for (int i = 1; i < EXPERIMENT_ID_DIGITS; i++) low *= 10;
        return Long.toString(low + ThreadLocalRandom.current().nextLong(9 * low));
    }

    /** An active experiment whose artifacts live in its own folder. */
    static Map<String, Object> experiment(Path dir, String id, String name, long now) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", uri(dir));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        return meta;
    }

    /** A RUNNING run started at {@code now} (source type 4 = LOCAL). */
    static Map<String, Object> run(
            Path runDir, String experimentId, String runId, String runName, long now, String user) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_uri", uri(runDir.resolve("artifacts")));
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
        meta.put("start_time", now);
        meta.put("status", TrackingStore.RunStatus.RUNNING.code);
        meta.put("tags", List.of());
        meta.put("user_id", user);
        return meta;
    }

    /** A registered model without description. */
    static Map<String, Object> registeredModel(String name, long now) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("creation_timestamp", now);
        meta.put("description", null);
        meta.put("last_updated_timestamp", now);
        meta.put("name", name);
        return meta;
    }

    /** A READY model version {@code version} of {@code name} from {@code source}. */
    static Map<String, Object> modelVersion(
            String name, long version, String runId, String source, long now, String user) {
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
        meta.put("user_id", user);
        meta.put("version", version);
        return meta;
    }

    private static String uri(Path dir) {
        return dir.toUri().toString().replaceAll("/$", "");
    }
}
