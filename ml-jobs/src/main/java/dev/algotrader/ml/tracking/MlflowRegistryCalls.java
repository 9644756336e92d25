package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.algotrader.ml.tracking.TrackingStore.ModelVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model-registry calls of {@link MlflowRestStore}: the Java client has no typed registry
 * writes, so these are MLflow's REST endpoints through the client's {@code sendGet}/{@code
 * sendPost} (same credentials, TLS and retry policy as every other call). A real 2.17 server
 * answers {@code model-versions/search} without aliases; they are read from {@code
 * registered-models/get} and joined in.
 */
final class MlflowRegistryCalls {

    /** GET of a REST path; with {@code notFoundIsNull}, RESOURCE_DOES_NOT_EXIST gives null. */
    interface Get {
        JsonNode get(String path, boolean notFoundIsNull);
    }

    /** POST of a JSON body to a REST path. */
    interface Post {
        JsonNode post(String path, JsonNode body);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Get http;
    private final Post httpPost;

    MlflowRegistryCalls(Get get, Post post) {
        this.http = get;
        this.httpPost = post;
    }

    /** Whether the registered model exists (search, not get: see {@link #experiment}). */
    private boolean registeredModelExists(String name) {
        JsonNode res =
                http.get(
                        "registered-models/search?filter="
                                + enc("name='" + name.replace("'", "\\'") + "'")
                                + "&max_results=10",
                        false);
        for (JsonNode m : res.path("registered_models")) {
            if (m.path("name").asText().equals(name)) return true;
        }
        return false;
    }

    void ensureRegisteredModel(String name) {
        if (registeredModelExists(name)) return;
        ObjectNode body = JSON.createObjectNode().put("name", name);
        httpPost.post("registered-models/create", body);
    }

    ModelVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("source", source);
        body.put("run_id", runId);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        JsonNode res = httpPost.post("model-versions/create", body);
        return toVersion(res.get("model_version"));
    }

    List<ModelVersion> modelVersions(String name) {
        List<ModelVersion> out = new ArrayList<>();
        String token = null;
        do {
            String q =
                    "model-versions/search?filter="
                            + enc("name='" + name.replace("'", "\\'") + "'")
                            + "&max_results=1000"
                            + (token == null ? "" : "&page_token=" + enc(token));
            JsonNode res = http.get(q, false);
            for (JsonNode mv : res.path("model_versions")) out.add(toVersion(mv));
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        if (out.isEmpty()) return out;
        // model-versions/search answers without aliases on a real server: they live on the model
        Map<String, List<String>> byVersion = new HashMap<>();
        aliases(name)
                .forEach(
                        (alias, v) ->
                                byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(alias));
        List<ModelVersion> withAliases = new ArrayList<>();
        for (ModelVersion v : out) {
            List<String> a = new ArrayList<>(v.aliases());
            for (String x : byVersion.getOrDefault(v.version(), List.of()))
                if (!a.contains(x)) a.add(x);
            withAliases.add(
                    new ModelVersion(
                            v.name(),
                            v.version(),
                            v.runId(),
                            v.source(),
                            v.creationTimestamp(),
                            v.tags(),
                            a));
        }
        withAliases.sort((a, b) -> Integer.compare(num(a.version()), num(b.version())));
        return withAliases;
    }

    Map<String, String> aliases(String name) {
        Map<String, String> out = new TreeMap<>();
        JsonNode res = http.get("registered-models/get?name=" + enc(name), true);
        if (res == null) return out;
        for (JsonNode a : res.path("registered_model").path("aliases")) {
            out.put(a.get("alias").asText(), a.get("version").asText());
        }
        return out;
    }

    void setAlias(String name, String alias, String version) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("alias", alias);
        body.put("version", version);
        httpPost.post("registered-models/alias", body);
    }

    void setModelVersionTag(String name, String version, String key, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("version", version);
        body.put("key", key);
        body.put("value", value);
        httpPost.post("model-versions/set-tag", body);
    }

    List<String> registeredModels() {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode res =
                    http.get(
                            "registered-models/search?max_results=1000"
                                    + (token == null ? "" : "&page_token=" + enc(token)),
                            false);
            for (JsonNode m : res.path("registered_models")) out.add(m.get("name").asText());
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return out;
    }

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
