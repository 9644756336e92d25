package dev.algotrader.ml.tracking;

import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.registry.RegisteredVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge between the project and MLflow: every param, tag and model-version tag passes through
 * {@link Secrets} before any store writes it, so a password or key never lands in MLflow (a
 * tracking URI with credentials in a provenance tag, a key in an error message). {@link
 * Tracking#open} wraps every store in it.
 */
final class RedactingTrackingStore implements TrackingStore {

    private final TrackingStore store;
    private final Secrets secrets;

    RedactingTrackingStore(TrackingStore store, Secrets secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    /** The wrapped store. */
    TrackingStore unwrap() {
        return store;
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public String experiment(String name) {
        return store.experiment(name);
    }

    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        return store.startRun(experimentId, runName, secrets.redactStrings(tags));
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        store.logParams(runId, secrets.redactStrings(params));
    }

    @Override
    public void logMetrics(String runId, Map<String, Double> metrics, long step) {
        store.logMetrics(runId, metrics, step);
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        store.setTags(runId, secrets.redactStrings(tags));
    }

    @Override
    public void uploadArtifact(String runId, String artifactPath, byte[] content) {
        store.uploadArtifact(runId, artifactPath, content);
    }

    @Override
    public void uploadArtifacts(String runId, String artifactDir, Path localDir) {
        store.uploadArtifacts(runId, artifactDir, localDir);
    }

    @Override
    public byte[] downloadArtifact(String runId, String artifactPath) {
        return store.downloadArtifact(runId, artifactPath);
    }

    @Override
    public String artifactUri(String runId) {
        return store.artifactUri(runId);
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        store.endRun(runId, status);
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
        store.endRun(runId, status, endTimeMillis);
    }

    @Override
    public List<RunInfo> runningRuns() {
        return store.runningRuns();
    }

    @Override
    public RunStatus runStatus(String runId) {
        return store.runStatus(runId);
    }

    @Override
    public Map<String, Double> runMetrics(String runId) {
        return store.runMetrics(runId);
    }

    @Override
    public Map<String, String> runTags(String runId) {
        return store.runTags(runId);
    }

    @Override
    public void ensureRegisteredModel(String name) {
        store.ensureRegisteredModel(name);
    }

    @Override
    public RegisteredVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        return store.createModelVersion(name, source, runId, secrets.redactStrings(tags));
    }

    @Override
    public Optional<RegisteredVersion> modelVersion(String name, String version) {
        return store.modelVersion(name, version);
    }

    @Override
    public List<RegisteredVersion> modelVersions(String name) {
        return store.modelVersions(name);
    }

    @Override
    public Map<String, String> aliases(String name) {
        return store.aliases(name);
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        store.setAlias(name, alias, version);
    }

    @Override
    public void setModelVersionTag(String name, String version, String key, String value) {
        store.setModelVersionTag(
                name, version, key, Secrets.isSecretName(key) ? "***" : secrets.redact(value));
    }

    @Override
    public List<String> registeredModels() {
        return store.registeredModels();
    }

    @Override
    public void close() {
        store.close();
    }
}
