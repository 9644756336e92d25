package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

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
 */
public final class MlflowRestStore implements TrackingStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PARAMS_PER_BATCH = 100;
    private static final int MAX_METRICS_PER_BATCH = 1000;

    private final String uri;
    private final MlflowClient client;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, String> artifactUris = new ConcurrentHashMap<>();

    public MlflowRestStore(String trackingUri, Duration timeout, Clock clock) {
        this.uri = trackingUri.replaceAll("/+$", "");
        this.client = new MlflowClient(this.uri);
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String describe() {
        return uri;
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
        tags.forEach((k, v) -> req.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
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
        URI target = proxyUri(runId, artifactPath);
        HttpRequest req =
                authorized(HttpRequest.newBuilder(target))
                        .timeout(timeout)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build();
        send(req, "upload artifact " + artifactPath);
    }

    @Override
    public void uploadArtifacts(String runId, String artifactDir, Path localDir) {
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = localDir.relativize(p).toString().replace('\\', '/');
                uploadArtifact(runId, artifactDir + "/" + rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new TrackingException("cannot read local artifacts in " + localDir, e);
        }
    }

    @Override
    public byte[] downloadArtifact(String runId, String artifactPath) {
        HttpRequest req =
                authorized(HttpRequest.newBuilder(proxyUri(runId, artifactPath)))
                        .timeout(timeout)
                        .GET()
                        .build();
        return send(req, "download artifact " + artifactPath);
    }

    @Override
    public String artifactUri(String runId) {
        return artifactUris.computeIfAbsent(
                runId, id -> call("get run", () -> client.getRun(id).getInfo().getArtifactUri()));
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        call(
                "end run",
                () -> {
                    client.setTerminated(
                            runId, Service.RunStatus.valueOf(status.name()), clock.millis());
                    return null;
                });
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

    // ---- registry -------------------------------------------------------------------------

    /** Whether the registered model exists (search, not get: see {@link #experiment}). */
    private boolean registeredModelExists(String name) {
        JsonNode res =
                getJson(
                        "registered-models/search?filter="
                                + enc("name='" + name.replace("'", "\\'") + "'")
                                + "&max_results=10",
                        false);
        for (JsonNode m : res.path("registered_models")) {
            if (m.path("name").asText().equals(name)) return true;
        }
        return false;
    }

    @Override
    public void ensureRegisteredModel(String name) {
        if (registeredModelExists(name)) return;
        ObjectNode body = JSON.createObjectNode().put("name", name);
        post("registered-models/create", body);
    }

    @Override
    public ModelVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("source", source);
        body.put("run_id", runId);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        JsonNode res = post("model-versions/create", body);
        return toVersion(res.get("model_version"));
    }

    @Override
    public Optional<ModelVersion> modelVersion(String name, String version) {
        return modelVersions(name).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    @Override
    public List<ModelVersion> modelVersions(String name) {
        List<ModelVersion> out = new ArrayList<>();
        String token = null;
        do {
            String q =
                    "model-versions/search?filter="
                            + enc("name='" + name.replace("'", "\\'") + "'")
                            + "&max_results=1000"
                            + (token == null ? "" : "&page_token=" + enc(token));
            JsonNode res = getJson(q, false);
            for (JsonNode mv : res.path("model_versions")) out.add(toVersion(mv));
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        out.sort((a, b) -> Integer.compare(num(a.version()), num(b.version())));
        return out;
    }

    @Override
    public Map<String, String> aliases(String name) {
        Map<String, String> out = new TreeMap<>();
        if (!registeredModelExists(name)) return out;
        JsonNode res = getJson("registered-models/get?name=" + enc(name), true);
        if (res == null) return out;
        for (JsonNode a : res.path("registered_model").path("aliases")) {
            out.put(a.get("alias").asText(), a.get("version").asText());
        }
        return out;
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("alias", alias);
        body.put("version", version);
        post("registered-models/alias", body);
    }

    @Override
    public void setModelVersionTag(String name, String version, String key, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("version", version);
        body.put("key", key);
        body.put("value", value);
        post("model-versions/set-tag", body);
    }

    @Override
    public List<String> registeredModels() {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode res =
                    getJson(
                            "registered-models/search?max_results=1000"
                                    + (token == null ? "" : "&page_token=" + enc(token)),
                            false);
            for (JsonNode m : res.path("registered_models")) out.add(m.get("name").asText());
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return out;
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private static ModelVersion toVersion(JsonNode mv) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : mv.path("tags"))
            tags.put(t.get("key").asText(), t.path("value").asText());
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : mv.path("aliases")) aliases.add(a.asText());
        return new ModelVersion(
                mv.get("name").asText(),
                mv.get("version").asText(),
                mv.path("run_id").asText(""),
                mv.path("source").asText(""),
                mv.path("creation_timestamp").asLong(0),
                tags,
                aliases);
    }

    private JsonNode post(String path, JsonNode body) {
        String res = call(path, () -> client.sendPost(path, body.toString()));
        return parse(res, path);
    }

    /** GETs {@code path}; with {@code notFoundIsNull}, RESOURCE_DOES_NOT_EXIST gives null. */
    private JsonNode getJson(String path, boolean notFoundIsNull) {
        try {
            return parse(client.sendGet(path), path);
        } catch (MlflowHttpException e) {
            if (notFoundIsNull
                    && (e.getStatusCode() == 404
                            || String.valueOf(e.getBodyMessage())
                                    .contains("RESOURCE_DOES_NOT_EXIST"))) {
                return null;
            }
            throw httpError(path, e);
        } catch (MlflowClientException e) {
            throw unreachable(path, e);
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

    private <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (MlflowHttpException e) {
            throw httpError(what, e);
        } catch (MlflowClientException e) {
            throw unreachable(what, e);
        }
    }

    private TrackingException httpError(String what, MlflowHttpException e) {
        return new TrackingException(
                "MLflow tracking server "
                        + uri
                        + " refused '"
                        + what
                        + "' with HTTP "
                        + e.getStatusCode()
                        + ": "
                        + oneLine(e.getBodyMessage())
                        + " (check the server and its logs)",
                e);
    }

    private TrackingException unreachable(String what, Exception e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return new TrackingException(
                "cannot reach the MLflow tracking server at "
                        + uri
                        + " ("
                        + what
                        + ": "
                        + oneLine(root.getMessage())
                        + "): start it, or unset MLFLOW_TRACKING_URI to use the local store",
                e);
    }

    private static String oneLine(String s) {
        if (s == null) return "no message";
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private URI proxyUri(String runId, String artifactPath) {
        String root = artifactUri(runId);
        String rel;
        if (root.startsWith("mlflow-artifacts:")) {
            rel = root.substring("mlflow-artifacts:".length());
            if (rel.startsWith("//")) {
                int slash = rel.indexOf('/', 2);
                rel = slash < 0 ? "" : rel.substring(slash);
            }
            rel = rel.replaceAll("^/+", "");
        } else {
            throw new TrackingException(
                    "the MLflow server at "
                            + uri
                            + " does not proxy artifacts (run artifact URI "
                            + root
                            + "): start it with --serve-artifacts (the default of `mlflow server`)");
        }
        StringBuilder path = new StringBuilder(uri).append("/api/2.0/mlflow-artifacts/artifacts/");
        for (String seg : (rel + "/" + artifactPath).split("/")) {
            if (seg.isEmpty()) continue;
            if (path.charAt(path.length() - 1) != '/') path.append('/');
            path.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(path.toString());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder b) {
        String token = System.getenv("MLFLOW_TRACKING_TOKEN");
        String user = System.getenv("MLFLOW_TRACKING_USERNAME");
        String pass = System.getenv("MLFLOW_TRACKING_PASSWORD");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        } else if (user != null && pass != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private byte[] send(HttpRequest req, String what) {
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted during " + what, e);
        }
        if (res.statusCode() / 100 != 2) {
            throw new TrackingException(
                    "MLflow artifact proxy "
                            + uri
                            + " refused '"
                            + what
                            + "' with HTTP "
                            + res.statusCode()
                            + ": "
                            + oneLine(new String(res.body(), StandardCharsets.UTF_8))
                            + " (check the server's artifact root and its logs)");
        }
        return res.body();
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
