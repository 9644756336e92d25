package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.registry.RestRegistryReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLflow tracking server reached through the official Java client ({@link MlflowClient}):
 * experiments, runs, params, metrics and tags through the client's typed calls; registry writes
 * through {@code sendPost} on {@code registered-models/create}, {@code model-versions/create},
 * {@code registered-models/alias} and {@code model-versions/set-tag} (the Java client has no typed
 * registry writes).
 *
 * <p>Artifacts go through the server's artifact proxy ({@code PUT/GET
 * /api/2.0/mlflow-artifacts/artifacts/<path>}, the server must run with artifact serving, the
 * default since MLflow 2.0), never through the client's {@code logArtifact}, which shells out to a
 * Python {@code mlflow}. A run's artifact URI {@code mlflow-artifacts:/<exp>/<run>/artifacts} maps
 * to the proxy path {@code <exp>/<run>/artifacts/<file>}.
 *
 * <p>Every call carries the {@link MlflowEndpoint}'s credentials (basic auth or bearer token) and
 * TLS settings. HTTP 429 and 5xx are retried with back-off, as MLflow's own client does; 4xx and
 * unreachable servers are not (one clear message instead). A FAILED/KILLED run end that cannot
 * reach the server is retried and then remembered in {@link PendingRunEnds}, which the next store
 * that reaches the server closes.
 */
public final class MlflowRestStore implements TrackingStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PARAMS_PER_BATCH = 100;
    private static final int MAX_METRICS_PER_BATCH = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestStore.class);
    private static final long[] RETRY_BACKOFF_MS = MlflowCalls.RETRY_BACKOFF_MS;

    private final MlflowEndpoint ep;
    private final MlflowClient client;
    private final MlflowArtifactProxy artifacts;
    private final Clock clock;
    private final PendingRunEnds pending;
    private final MlflowCalls calls;
    private final MlflowRegistryCalls registry;
    private final RestRegistryReader reader;
    private final Map<String, String> artifactUris = new ConcurrentHashMap<>();

    /** A store for {@code trackingUri} with the credentials of the process environment. */
    public MlflowRestStore(String trackingUri, Duration timeout, Clock clock) {
        this(MlflowEndpoint.of(trackingUri), timeout, clock, null);
    }

    /**
     * @param pending where run ends that cannot reach the server are remembered (null: nowhere, the
     *     failure is only logged)
     */
    public MlflowRestStore(
            MlflowEndpoint endpoint, Duration timeout, Clock clock, PendingRunEnds pending) {
        this.ep = endpoint;
        this.client = MlflowClients.create(endpoint, timeout);
        this.artifacts = new MlflowArtifactProxy(endpoint, timeout);
        this.clock = clock;
        this.pending = pending;
        this.calls = new MlflowCalls(endpoint, client, artifacts);
        this.registry = new MlflowRegistryCalls(calls::getJson, calls::post);
        this.reader = new RestRegistryReader(endpoint.uri(), calls);
    }

    @Override
    public String describe() {
        return ep.uri();
    }

    /** The server and its credentials. */
    public MlflowEndpoint endpoint() {
        return ep;
    }

    @Override
    public String experiment(String name) {
        // experiments/search rather than get-by-name: the Java client retries every 404 with
        // back-off, which turns "not created yet" into seconds of waiting
        String filter = "name = '" + name.replace("'", "\\'") + "'";
        return calls.call(
                "get or create experiment '" + name + "'",
                () ->
                        client.searchExperiments(filter).getItems().stream()
                                .filter(e -> e.getName().equals(name))
                                .map(Service.Experiment::getExperimentId)
                                .findFirst()
                                .orElseGet(() -> client.createExperiment(name)));
    }

    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        Service.CreateRun.Builder req =
                Service.CreateRun.newBuilder()
                        .setExperimentId(experimentId)
                        .setRunName(runName)
                        .setStartTime(clock.millis())
                        .setUserId(System.getProperty("user.name", "algo-trader"));
        Map<String, String> all = new LinkedHashMap<>(RunProvenance.tags(runName));
        all.putAll(tags);
        if (all.containsKey("git.commit")) {
            all.putIfAbsent("mlflow.source.git.commit", all.get("git.commit"));
        }
        all.forEach((k, v) -> req.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
        Service.RunInfo info = calls.call("create run", () -> client.createRun(req.build()));
        artifactUris.put(info.getRunId(), info.getArtifactUri());
        return info.getRunId();
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        List<Service.Param> all = new ArrayList<>();
        params.forEach((k, v) -> all.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
        for (int i = 0; i < all.size(); i += MAX_PARAMS_PER_BATCH) {
            List<Service.Param> part =
                    all.subList(i, Math.min(all.size(), i + MAX_PARAMS_PER_BATCH));
            calls.call(
                    "log params",
                    () -> {
                        client.logBatch(runId, List.of(), part, List.of());
                        return null;
                    });
        }
    }

    @Override
    public void logMetrics(String runId, Map<String, Double> metrics, long step) {
        long ts = clock.millis();
        List<Service.Metric> all = new ArrayList<>();
        metrics.forEach(
                (k, v) ->
                        all.add(
                                Service.Metric.newBuilder()
                                        .setKey(k)
                                        .setValue(v)
                                        .setTimestamp(ts)
                                        .setStep(step)
                                        .build()));
        for (int i = 0; i < all.size(); i += MAX_METRICS_PER_BATCH) {
            List<Service.Metric> part =
                    all.subList(i, Math.min(all.size(), i + MAX_METRICS_PER_BATCH));
            calls.call(
                    "log metrics",
                    () -> {
                        client.logBatch(runId, part, List.of(), List.of());
                        return null;
                    });
        }
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        List<Service.RunTag> all = new ArrayList<>();
        tags.forEach((k, v) -> all.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        calls.call(
                "set tags",
                () -> {
                    client.logBatch(runId, List.of(), List.of(), all);
                    return null;
                });
    }

    @Override
    public void uploadArtifact(String runId, String artifactPath, byte[] content) {
        artifacts.upload(artifactUri(runId), artifactPath, content);
    }

    @Override
    public void uploadArtifacts(String runId, String artifactDir, Path localDir) {
        artifacts.uploadDir(artifactUri(runId), artifactDir, localDir);
    }

    @Override
    public byte[] downloadArtifact(String runId, String artifactPath) {
        return artifacts.download(artifactUri(runId), artifactPath);
    }

    @Override
    public String artifactUri(String runId) {
        return artifactUris.computeIfAbsent(
                runId,
                id -> calls.call("get run", () -> client.getRun(id).getInfo().getArtifactUri()));
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        endRun(runId, status, clock.millis());
    }

    /**
     * Ends the run; a FAILED or KILLED end that cannot reach the server is tried twice more with
     * back-off and then remembered in {@link PendingRunEnds} (logged, not thrown: the original
     * failure is what the user must see).
     */
    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) {
        Supplier<Object> end =
                () -> {
                    client.setTerminated(
                            runId, Service.RunStatus.valueOf(status.name()), endTimeMillis);
                    return null;
                };
        if (status == RunStatus.FINISHED || pending == null) {
            calls.call("end run", end);
            return;
        }
        TrackingException last = null;
        for (int attempt = 0; attempt <= RETRY_BACKOFF_MS.length; attempt++) {
            try {
                calls.call("end run", end);
                return;
            } catch (TrackingException e) {
                last = e;
                if (!e.unreachable() || attempt == RETRY_BACKOFF_MS.length) break;
                MlflowCalls.sleep(RETRY_BACKOFF_MS[attempt]);
            }
        }
        if (!last.unreachable()) throw last;
        Path file = pending.remember(ep.uri(), runId, status, endTimeMillis);
        LOG.warn(
                "run {} could not be marked {} on {} ({}); remembered in {}: the next command"
                        + " that reaches the server closes it",
                runId,
                status,
                ep.uri(),
                last.getMessage(),
                file);
    }

    /** Closes the run ends remembered for this server; returns how many were closed. */
    public int closePendingRunEnds() {
        if (pending == null) return 0;
        return pending.closeAll(
                ep.uri(),
                (runId, status, end) ->
                        calls.call(
                                "end run",
                                () -> {
                                    client.setTerminated(
                                            runId, Service.RunStatus.valueOf(status.name()), end);
                                    return null;
                                }));
    }

    @Override
    public List<RunInfo> runningRuns() {
        return RunningRuns.search(client, calls);
    }

    @Override
    public RunStatus runStatus(String runId) {
        return RunStatus.valueOf(
                calls.call("get run", () -> client.getRun(runId).getInfo().getStatus().name()));
    }

    @Override
    public Map<String, Double> runMetrics(String runId) {
        Map<String, Double> out = new TreeMap<>();
        calls.call("get run", () -> client.getRun(runId))
                .getData()
                .getMetricsList()
                .forEach(m -> out.put(m.getKey(), m.getValue()));
        return out;
    }

    @Override
    public Map<String, String> runTags(String runId) {
        Map<String, String> out = new TreeMap<>();
        calls.call("get run", () -> client.getRun(runId))
                .getData()
                .getTagsList()
                .forEach(t -> out.put(t.getKey(), t.getValue()));
        return out;
    }

    // ---- registry (REST calls in MlflowRegistryCalls) ----------------------------------------

    @Override
    public void ensureRegisteredModel(String name) {
        registry.ensureRegisteredModel(name);
    }

    @Override
    public RegisteredVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        return registry.createModelVersion(name, source, runId, tags);
    }

    @Override
    public Optional<RegisteredVersion> modelVersion(String name, String version) {
        return reader.version(name, version);
    }

    @Override
    public List<RegisteredVersion> modelVersions(String name) {
        return reader.versions(name);
    }

    @Override
    public Map<String, String> aliases(String name) {
        return reader.aliases(name);
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        registry.setAlias(name, alias, version);
    }

    @Override
    public void setModelVersionTag(String name, String version, String key, String value) {
        registry.setModelVersionTag(name, version, key, value);
    }

    @Override
    public List<String> registeredModels() {
        return reader.models();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- plumbing ----------------------------------------------------------------------------
}
