package dev.algotrader.ml.tracking;

import dev.algotrader.core.registry.RegisteredVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Experiment tracking and model registry, with two implementations: {@link LocalMlflowStore} (an
 * on-disk store in MLflow's file-store layout, the embedded default) and {@link MlflowRestStore}
 * (an MLflow tracking server through the official Java client). Every failure surfaces as a {@link
 * TrackingException} whose message is one line that says what to do.
 */
public interface TrackingStore extends AutoCloseable {

    /** MLflow run status (the enum values MLflow stores). */
    enum RunStatus {
        RUNNING(1),
        SCHEDULED(2),
        FINISHED(3),
        FAILED(4),
        KILLED(5);

        /** The integer the MLflow file store writes into {@code meta.yaml}. */
        public final int code;

        RunStatus(int code) {
            this.code = code;
        }

        static RunStatus ofCode(int code) {
            for (RunStatus s : values()) if (s.code == code) return s;
            throw new IllegalArgumentException("unknown MLflow run status " + code);
        }
    }

    /** A run as a search lists it (for {@link RunRepair}). */
    record RunInfo(
            String runId,
            String experimentId,
            String runName,
            long startTime,
            Map<String, String> tags) {}

    /**
     * Where this store writes, for messages: {@code ./mlruns} or the server URI (no credentials).
     */
    String describe();

    /** Id of the experiment {@code name}, created when missing. */
    String experiment(String name);

    /** Starts a RUNNING run and returns its id. */
    String startRun(String experimentId, String runName, Map<String, String> tags);

    void logParams(String runId, Map<String, String> params);

    /** Logs metrics at {@code step} (fold index for per-fold metrics, 0 otherwise). */
    void logMetrics(String runId, Map<String, Double> metrics, long step);

    void setTags(String runId, Map<String, String> tags);

    /** Writes one artifact file at {@code artifactPath} (relative, '/'-separated). */
    void uploadArtifact(String runId, String artifactPath, byte[] content);

    /** Writes every file below {@code localDir} under {@code artifactDir}. */
    void uploadArtifacts(String runId, String artifactDir, Path localDir);

    /** Reads one artifact file of a run. */
    byte[] downloadArtifact(String runId, String artifactPath);

    /**
     * The run's artifact root URI, e.g. {@code file:///…/artifacts} or {@code mlflow-artifacts:/…}.
     */
    String artifactUri(String runId);

    /** Marks the run terminated with {@code status} (FINISHED, FAILED or KILLED). */
    void endRun(String runId, RunStatus status);

    /**
     * Marks the run terminated with {@code status} at {@code endTimeMillis} (a run closed later
     * than it ended: a remembered failure, a repaired orphan). Stores that cannot set the end time
     * use the current time.
     */
    default void endRun(String runId, RunStatus status, long endTimeMillis) {
        endRun(runId, status);
    }

    /**
     * Every run whose status is RUNNING, in every experiment.
     *
     * @throws UnsupportedOperationException when the store cannot search runs
     */
    default List<RunInfo> runningRuns() {
        throw new UnsupportedOperationException(
                describe() + " cannot list running runs (repair works against an MLflow server)");
    }

    RunStatus runStatus(String runId);

    /** Latest value of every metric of the run. */
    Map<String, Double> runMetrics(String runId);

    /** Tags of the run. */
    Map<String, String> runTags(String runId);

    /** Creates the registered model when it does not exist yet. */
    void ensureRegisteredModel(String name);

    /** Registers a new version of {@code name} from {@code source}, produced by {@code runId}. */
    RegisteredVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags);

    Optional<RegisteredVersion> modelVersion(String name, String version);

    /** All versions of a registered model, oldest first; empty when the model does not exist. */
    List<RegisteredVersion> modelVersions(String name);

    /** Alias → version of a registered model; empty when it has none or does not exist. */
    Map<String, String> aliases(String name);

    /** Points {@code alias} at {@code version}. */
    void setAlias(String name, String alias, String version);

    void setModelVersionTag(String name, String version, String key, String value);

    /** Names of all registered models. */
    List<String> registeredModels();

    @Override
    default void close() {}
}
