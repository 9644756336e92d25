package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.registry.RestRegistryReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The model-registry writes of {@link MlflowRestStore}: the Java client has no typed registry
 * writes, so these are MLflow's REST endpoints through the client's {@code sendGet}/{@code
 * sendPost} (same credentials, TLS and retry policy as every other call). Reads go through
 * trading-core's {@link RestRegistryReader}, the reader the trader uses too.
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

    RegisteredVersion createModelVersion(
            String name, String source, String runId, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("source", source);
        body.put("run_id", runId);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        JsonNode res = httpPost.post("model-versions/create", body);
        return RestRegistryReader.toVersion(res.get("model_version"));
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
