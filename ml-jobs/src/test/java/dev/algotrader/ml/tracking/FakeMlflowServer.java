package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * An MLflow tracking server on 127.0.0.1 speaking the REST API 2.0 as documented
 * (mlflow.org/docs/latest/rest-api.html): experiments/get-by-name and create, runs/create, get,
 * log-batch and update, the registry's registered-models/get, create, search and alias,
 * model-versions/create, get, search and set-tag, and the artifact proxy
 * (mlflow-artifacts/artifacts). Errors use the documented body {@code {"error_code": …, "message":
 * …}}. Requests are recorded; failures can be injected per path.
 */
public final class FakeMlflowServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final Map<String, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, ObjectNode> runs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> models = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> versions = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new TreeMap<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    public FakeMlflowServer() throws IOException {
        server.setDispatcher(
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        synchronized (FakeMlflowServer.this) {
                            try {
                                return handle(r);
                            } catch (Exception e) {
                                return error(500, "INTERNAL_ERROR", e.toString());
                            }
                        }
                    }
                });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** {@code http://127.0.0.1:port}. */
    /**
     * The store a parameterized test runs against: {@code "local"} = the MLflow-layout folder
     * {@code localRoot}, anything else = this server over REST.
     */
    public TrackingStore store(String kind, java.nio.file.Path localRoot, java.time.Clock clock) {
        return kind.equals("local")
                ? new LocalMlflowStore(localRoot, clock)
                : new MlflowRestStore(uri(), java.time.Duration.ofSeconds(5), clock);
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Answers every request whose path contains {@code pathPart} with HTTP {@code code}. */
    public synchronized void failOn(String pathPart, int code) {
        failures.put(pathPart, code);
    }

    public synchronized void clearFailures() {
        failures.clear();
    }

    /** "METHOD path" of every request so far. */
    public List<String> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public synchronized String runStatus(String runId) {
        return runs.get(runId).get("info").get("status").asText();
    }

    public synchronized List<String> runStatuses() {
        List<String> out = new ArrayList<>();
        runs.values().forEach(r -> out.add(r.get("info").get("status").asText()));
        return out;
    }

    public synchronized Map<String, String> aliases(String model) {
        Map<String, String> out = new TreeMap<>();
        ObjectNode m = models.get(model);
        if (m != null) {
            m.withArray("aliases")
                    .forEach(a -> out.put(a.get("alias").asText(), a.get("version").asText()));
        }
        return out;
    }

    public synchronized int artifactCount() {
        return artifacts.size();
    }

    private MockResponse handle(RecordedRequest r) throws IOException {
        String path = r.getUrl().encodedPath();
        log.add(r.getMethod() + " " + path);
        for (Map.Entry<String, Integer> f : failures.entrySet()) {
            if (path.contains(f.getKey())) {
                return error(
                        f.getValue(),
                        f.getValue() >= 500 ? "INTERNAL_ERROR" : "INVALID_PARAMETER_VALUE",
                        "injected failure");
            }
        }
        if (path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")) {
            String key = path.substring("/api/2.0/mlflow-artifacts/artifacts/".length());
            if (r.getMethod().equals("PUT")) {
                artifacts.put(key, r.getBody() == null ? new byte[0] : r.getBody().toByteArray());
                return ok(JSON.createObjectNode());
            }
            byte[] b = artifacts.get(key);
            if (b == null) return error(404, "RESOURCE_DOES_NOT_EXIST", "no artifact " + key);
            return new MockResponse.Builder().code(200).body(new Buffer().write(b)).build();
        }
        String api = path.replaceFirst("^/api/2\\.0/mlflow/", "");
        JsonNode body =
                r.getBody() == null || r.getBody().size() == 0
                        ? JSON.createObjectNode()
                        : JSON.readTree(r.getBody().utf8());
        return switch (r.getMethod() + " " + api) {
            case "GET experiments/get-by-name" -> {
                String name = r.getUrl().queryParameter("experiment_name");
                for (ObjectNode e : experiments.values()) {
                    if (e.get("name").asText().equals(name)) {
                        ObjectNode res = JSON.createObjectNode();
                        res.set("experiment", e);
                        yield ok(res);
                    }
                }
                yield error(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment " + name);
            }
            case "POST experiments/search", "GET experiments/search" -> {
                String filter =
                        body.has("filter")
                                ? body.get("filter").asText()
                                : String.valueOf(r.getUrl().queryParameter("filter"));
                String name = filter.replaceFirst("^name\\s*=\\s*'(.*)'$", "$1");
                ObjectNode res = JSON.createObjectNode();
                ArrayNode a = res.putArray("experiments");
                for (ObjectNode e : experiments.values()) {
                    if (e.get("name").asText().equals(name)) a.add(e);
                }
                yield ok(res);
            }
            case "POST experiments/create" -> {
                String id = Integer.toString(experiments.size() + 1);
                ObjectNode e = JSON.createObjectNode();
                e.put("experiment_id", id);
                e.put("name", body.get("name").asText());
                e.put("artifact_location", "mlflow-artifacts:/" + id);
                e.put("lifecycle_stage", "active");
                experiments.put(id, e);
                yield ok(JSON.createObjectNode().put("experiment_id", id));
            }
            case "POST runs/create" -> {
                String exp = text(body, "experiment_id", "experimentId");
                String id = String.format("%032x", ids.incrementAndGet());
                ObjectNode run = JSON.createObjectNode();
                ObjectNode info = run.putObject("info");
                info.put("run_id", id);
                info.put("run_uuid", id);
                info.put("experiment_id", exp);
                info.put("run_name", text(body, "run_name", "runName"));
                info.put("status", "RUNNING");
                info.put("start_time", body.path("start_time").asLong(0));
                info.put("artifact_uri", "mlflow-artifacts:/" + exp + "/" + id + "/artifacts");
                info.put("lifecycle_stage", "active");
                ObjectNode data = run.putObject("data");
                data.putArray("metrics");
                data.putArray("params");
                ArrayNode tags = data.putArray("tags");
                body.path("tags").forEach(tags::add);
                runs.put(id, run);
                ObjectNode res = JSON.createObjectNode();
                res.set("run", run);
                yield ok(res);
            }
            case "GET runs/get" -> {
                ObjectNode run = runs.get(r.getUrl().queryParameter("run_id"));
                if (run == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such run");
                ObjectNode res = JSON.createObjectNode();
                res.set("run", run);
                yield ok(res);
            }
            case "POST runs/log-batch" -> {
                ObjectNode run = runs.get(text(body, "run_id", "runId"));
                if (run == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such run");
                ObjectNode data = (ObjectNode) run.get("data");
                body.path("metrics").forEach(m -> ((ArrayNode) data.get("metrics")).add(m));
                body.path("params").forEach(p -> ((ArrayNode) data.get("params")).add(p));
                body.path("tags").forEach(t -> ((ArrayNode) data.get("tags")).add(t));
                yield ok(JSON.createObjectNode());
            }
            case "POST runs/update" -> {
                ObjectNode run = runs.get(text(body, "run_id", "runId"));
                if (run == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such run");
                ObjectNode info = (ObjectNode) run.get("info");
                info.put("status", body.get("status").asText());
                info.put("end_time", body.path("end_time").asLong(0));
                ObjectNode res = JSON.createObjectNode();
                res.set("run_info", info);
                yield ok(res);
            }
            case "GET registered-models/get" -> {
                ObjectNode m = models.get(r.getUrl().queryParameter("name"));
                if (m == null) {
                    yield error(
                            404,
                            "RESOURCE_DOES_NOT_EXIST",
                            "Registered Model with name="
                                    + r.getUrl().queryParameter("name")
                                    + " not found");
                }
                ObjectNode res = JSON.createObjectNode();
                res.set("registered_model", m);
                yield ok(res);
            }
            case "POST registered-models/create" -> {
                String name = body.get("name").asText();
                if (models.containsKey(name)) {
                    yield error(
                            400,
                            "RESOURCE_ALREADY_EXISTS",
                            "Registered Model (name=" + name + ") already exists.");
                }
                ObjectNode m = JSON.createObjectNode();
                m.put("name", name);
                m.put("creation_timestamp", 1L);
                m.put("last_updated_timestamp", 1L);
                m.putArray("aliases");
                models.put(name, m);
                versions.put(name, new ArrayList<>());
                ObjectNode res = JSON.createObjectNode();
                res.set("registered_model", m);
                yield ok(res);
            }
            case "GET registered-models/search" -> {
                String filter = r.getUrl().queryParameter("filter");
                String name =
                        filter == null ? null : filter.replaceFirst("^name\\s*=\\s*'(.*)'$", "$1");
                ObjectNode res = JSON.createObjectNode();
                ArrayNode a = res.putArray("registered_models");
                models.values().stream()
                        .filter(m -> name == null || m.get("name").asText().equals(name))
                        .forEach(a::add);
                yield ok(res);
            }
            case "POST model-versions/create" -> {
                String name = body.get("name").asText();
                List<ObjectNode> vs = versions.get(name);
                if (vs == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no model " + name);
                ObjectNode v = JSON.createObjectNode();
                v.put("name", name);
                v.put("version", Integer.toString(vs.size() + 1));
                v.put("creation_timestamp", 2L);
                v.put("last_updated_timestamp", 2L);
                v.put("current_stage", "None");
                v.put("source", body.get("source").asText());
                v.put("run_id", body.path("run_id").asText(""));
                v.put("status", "READY");
                ArrayNode tags = v.putArray("tags");
                body.path("tags").forEach(tags::add);
                v.putArray("aliases");
                vs.add(v);
                ObjectNode res = JSON.createObjectNode();
                res.set("model_version", v);
                yield ok(res);
            }
            case "GET model-versions/get" -> {
                ObjectNode v =
                        version(
                                r.getUrl().queryParameter("name"),
                                r.getUrl().queryParameter("version"));
                if (v == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such version");
                ObjectNode res = JSON.createObjectNode();
                res.set("model_version", v);
                yield ok(res);
            }
            case "GET model-versions/search" -> {
                String filter = r.getUrl().queryParameter("filter");
                String name = filter.replaceFirst("^name\\s*=\\s*'(.*)'$", "$1");
                ObjectNode res = JSON.createObjectNode();
                ArrayNode a = res.putArray("model_versions");
                // as the real 2.17 server: search answers without the versions' aliases
                versions.getOrDefault(name, List.of())
                        .forEach(v -> a.add(v.deepCopy().without("aliases")));
                yield ok(res);
            }
            case "POST model-versions/set-tag" -> {
                ObjectNode v = version(body.get("name").asText(), body.get("version").asText());
                if (v == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such version");
                ArrayNode tags = (ArrayNode) v.get("tags");
                for (int i = tags.size() - 1; i >= 0; i--) {
                    if (tags.get(i).get("key").asText().equals(body.get("key").asText())) {
                        tags.remove(i);
                    }
                }
                tags.addObject()
                        .put("key", body.get("key").asText())
                        .put("value", body.get("value").asText());
                yield ok(JSON.createObjectNode());
            }
            case "POST registered-models/alias" -> {
                String name = body.get("name").asText();
                String alias = body.get("alias").asText();
                String ver = body.get("version").asText();
                ObjectNode v = version(name, ver);
                if (v == null) yield error(404, "RESOURCE_DOES_NOT_EXIST", "no such version");
                ArrayNode as = models.get(name).withArray("aliases");
                for (int i = as.size() - 1; i >= 0; i--) {
                    if (as.get(i).get("alias").asText().equals(alias)) as.remove(i);
                }
                as.addObject().put("alias", alias).put("version", ver);
                for (ObjectNode other : versions.get(name)) {
                    ArrayNode va = other.withArray("aliases");
                    for (int i = va.size() - 1; i >= 0; i--) {
                        if (va.get(i).asText().equals(alias)) va.remove(i);
                    }
                }
                v.withArray("aliases").add(alias);
                yield ok(JSON.createObjectNode());
            }
            default ->
                    error(404, "ENDPOINT_NOT_FOUND", "no endpoint " + r.getMethod() + " " + path);
        };
    }

    private ObjectNode version(String name, String version) {
        for (ObjectNode v : versions.getOrDefault(name, List.of())) {
            if (v.get("version").asText().equals(version)) return v;
        }
        return null;
    }

    private static String text(JsonNode body, String snake, String camel) {
        return body.has(snake) ? body.get(snake).asText() : body.path(camel).asText();
    }

    private static MockResponse ok(JsonNode body) {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body.toString())
                .build();
    }

    private static MockResponse error(int code, String errorCode, String message) {
        ObjectNode b = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(b.toString())
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
