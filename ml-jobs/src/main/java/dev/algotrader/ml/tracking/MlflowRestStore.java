package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
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
    private static final long[] RETRY_BACKOFF_MS = {500, 1500};

    private final MlflowEndpoint ep;
    private final MlflowClient client;
    private final MlflowArtifactProxy artifacts;
    private final Clock clock;
    private final PendingRunEnds pending;
    private final MlflowRegistryCalls registry;
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
        this.registry = new MlflowRegistryCalls(this::getJson, this::post);
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
        return call(
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
        Service.RunInfo info = call("create run", () -> client.createRun(req.build()));
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
            call(
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
            call(
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
        call(
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
                runId, id -> call("get run", () -> client.getRun(id).getInfo().getArtifactUri()));
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
            call("end run", end);
            return;
        }
        TrackingException last = null;
        for (int attempt = 0; attempt <= RETRY_BACKOFF_MS.length; attempt++) {
            try {
                call("end run", end);
                return;
            } catch (TrackingException e) {
                last = e;
                if (!e.unreachable() || attempt == RETRY_BACKOFF_MS.length) break;
                sleep(RETRY_BACKOFF_MS[attempt]);
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
                        call(
                                "end run",
                                () -> {
                                    client.setTerminated(
                                            runId, Service.RunStatus.valueOf(status.name()), end);
                                    return null;
                                }));
    }

    @Override
    public List<RunInfo> runningRuns() {
        List<String> experiments = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ExperimentsPage page =
                    call(
                            "search experiments",
                            () ->
                                    client.searchExperiments(
                                            "", Service.ViewType.ACTIVE_ONLY, 1000, List.of(), t));
            page.getItems().forEach(e -> experiments.add(e.getExperimentId()));
            token = page.getNextPageToken().orElse(null);
        } while (token != null && !token.isEmpty());
        List<RunInfo> out = new ArrayList<>();
        for (int i = 0; i < experiments.size(); i += 100) {
            List<String> ids = experiments.subList(i, Math.min(experiments.size(), i + 100));
            String t = null;
            do {
                String pt = t;
                RunsPage page =
                        call(
                                "search running runs",
                                () ->
                                        client.searchRuns(
                                                ids,
                                                "attributes.status = 'RUNNING'",
                                                Service.ViewType.ACTIVE_ONLY,
                                                1000,
                                                List.of(),
                                                pt));
                for (Service.Run run : page.getItems()) {
                    Service.RunInfo r = run.getInfo();
                    Map<String, String> tags = new TreeMap<>();
                    run.getData().getTagsList().forEach(x -> tags.put(x.getKey(), x.getValue()));
                    out.add(
                            new RunInfo(
                                    r.getRunId(),
                                    r.getExperimentId(),
                                    r.getRunName(),
                                    r.getStartTime(),
                                    tags));
                }
                t = page.getNextPageToken().orElse(null);
            } while (t != null && !t.isEmpty());
        }
        return out;
    }

    @Override
    public RunStatus runStatus(String runId) {
        return RunStatus.valueOf(
                call("get run", () -> client.getRun(runId).getInfo().getStatus().name()));
    }

    @Override
    public Map<String, Double> runMetrics(String runId) {
        Map<String, Double> out = new TreeMap<>();
        call("get run", () -> client.getRun(runId))
                .getData()
                .getMetricsList()
                .forEach(m -> out.put(m.getKey(), m.getValue()));
        return out;
    }

    @Override
    public Map<String, String> runTags(String runId) {
        Map<String, String> out = new TreeMap<>();
        call("get run", () -> client.getRun(runId))
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
    public ModelVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        return registry.createModelVersion(name, source, runId, tags);
    }

    @Override
    public Optional<ModelVersion> modelVersion(String name, String version) {
        return registry.modelVersions(name).stream()
                .filter(v -> v.version().equals(version))
                .findFirst();
    }

    @Override
    public List<ModelVersion> modelVersions(String name) {
        return registry.modelVersions(name);
    }

    @Override
    public Map<String, String> aliases(String name) {
        return registry.aliases(name);
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
        return registry.registeredModels();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private JsonNode post(String path, JsonNode body) {
        String res = call(path, () -> client.sendPost(path, body.toString()));
        return parse(res, path);
    }

    /** GETs {@code path}; with {@code notFoundIsNull}, RESOURCE_DOES_NOT_EXIST gives null. */
    private JsonNode getJson(String path, boolean notFoundIsNull) {
        try {
            return parse(call(path, () -> client.sendGet(path)), path);
        } catch (TrackingException e) {
            if (notFoundIsNull
                    && e.getCause() instanceof MlflowHttpException h
                    && String.valueOf(h.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST")) {
                return null;
            }
            throw e;
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new TrackingException(
                    "MLflow answered " + what + " with something that is not JSON");
        }
    }

    /** Runs one client call; 429/5xx are retried with back-off, everything else is not. */
    private <T> T call(String what, Supplier<T> body) {
        for (int attempt = 0; ; attempt++) {
            try {
                return body.get();
            } catch (MlflowHttpException e) {
                if (!MlflowErrors.retryable(e.getStatusCode())
                        || attempt == RETRY_BACKOFF_MS.length) {
                    throw MlflowErrors.http(ep, what, e.getStatusCode(), e.getBodyMessage(), e);
                }
                LOG.warn(
                        "MLflow {} answered HTTP {} to '{}', retrying",
                        ep.uri(),
                        e.getStatusCode(),
                        what);
                sleep(RETRY_BACKOFF_MS[attempt]);
            } catch (MlflowClientException e) {
                throw MlflowErrors.unreachable(ep, what, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted while waiting to retry", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int num(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
