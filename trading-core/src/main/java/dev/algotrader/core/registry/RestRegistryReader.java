package dev.algotrader.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry of an MLflow server through its REST API: {@code registered-models/get} (aliases),
 * {@code model-versions/search} and {@code registered-models/search}, and a run's artifacts through
 * the artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/<path>}) or, for a server that
 * does not proxy, {@code /get-artifact}. A real 2.17 server answers the version calls without
 * aliases; they are read from the registered model and joined in.
 *
 * <p>The calls go through a {@link Transport}: {@link HttpTransport} (plain {@code java.net.http}
 * with the endpoint's credentials and TLS) for the trader, the Researcher's MLflow client (with its
 * retry policy) for the tracking store.
 */
public final class RestRegistryReader implements RegistryReader {

    /** How the reader reaches the server. */
    public interface Transport {
        /**
         * GETs {@code path} below {@code /api/2.0/mlflow/} and parses the JSON answer; with {@code
         * notFoundIsNull}, RESOURCE_DOES_NOT_EXIST gives null.
         */
        JsonNode getJson(String path, boolean notFoundIsNull);

        /** GETs {@code path} (from the server root, e.g. {@code /get-artifact?…}): the body. */
        byte[] getBytes(String path, String what);
    }

    private final String uri;
    private final Transport http;

    /** A reader with the endpoint's credentials and TLS over {@code java.net.http}. */
    public RestRegistryReader(MlflowEndpoint endpoint) {
        this(endpoint.uri(), new HttpTransport(endpoint));
    }

    /**
     * @param uri the server, for messages (no credentials)
     */
    public RestRegistryReader(String uri, Transport transport) {
        this.uri = uri;
        this.http = transport;
    }

    @Override
    public String describe() {
        return uri;
    }

    @Override
    public Map<String, String> aliases(String model) {
        Map<String, String> out = new TreeMap<>();
        JsonNode res = http.getJson("registered-models/get?name=" + enc(model), true);
        if (res == null) return out;
        for (JsonNode a : res.path("registered_model").path("aliases")) {
            out.put(a.get("alias").asText(), a.get("version").asText());
        }
        return out;
    }

    @Override
    public Optional<RegisteredVersion> version(String model, String version) {
        return versions(model).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    @Override
    public List<RegisteredVersion> versions(String model) {
        List<RegisteredVersion> out = new ArrayList<>();
        String token = null;
        do {
            String q =
                    "model-versions/search?filter="
                            + enc("name='" + model.replace("'", "\\'") + "'")
                            + "&max_results=1000"
                            + (token == null ? "" : "&page_token=" + enc(token));
            JsonNode res = http.getJson(q, false);
            for (JsonNode mv : res.path("model_versions")) out.add(toVersion(mv));
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        if (out.isEmpty()) return out;
        Map<String, List<String>> byVersion = new HashMap<>();
        aliases(model)
                .forEach(
                        (alias, v) ->
                                byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(alias));
        List<RegisteredVersion> withAliases = new ArrayList<>();
        for (RegisteredVersion v : out) {
            List<String> a = new ArrayList<>(v.aliases());
            for (String x : byVersion.getOrDefault(v.version(), List.of())) {
                if (!a.contains(x)) a.add(x);
            }
            withAliases.add(
                    new RegisteredVersion(
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

    @Override
    public List<String> models() {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode res =
                    http.getJson(
                            "registered-models/search?max_results=1000"
                                    + (token == null ? "" : "&page_token=" + enc(token)),
                            false);
            for (JsonNode m : res.path("registered_models")) out.add(m.get("name").asText());
            token = res.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** The run's artifact root URI ({@code mlflow-artifacts:/…} on a proxying server). */
    public String artifactUri(String runId) {
        return http.getJson("runs/get?run_id=" + enc(runId), false)
                .path("run")
                .path("info")
                .path("artifact_uri")
                .asText("");
    }

    @Override
    public byte[] artifact(String runId, String artifactPath) {
        String root = artifactUri(runId);
        String path =
                root.startsWith("mlflow-artifacts:")
                        ? proxyPath(root, artifactPath)
                        : "/get-artifact?path=" + enc(artifactPath) + "&run_uuid=" + enc(runId);
        return http.getBytes(path, artifactPath + " of run " + runId);
    }

    /**
     * The artifact-proxy path of {@code artifactPath} below a run's artifact root {@code
     * mlflow-artifacts:/<exp>/<run>/artifacts} (optionally {@code mlflow-artifacts://host/…}):
     * {@code /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<file>}, each segment
     * percent-encoded.
     */
    public static String proxyPath(String artifactRoot, String artifactPath) {
        String rel = artifactRoot.substring("mlflow-artifacts:".length());
        if (rel.startsWith("//")) {
            int slash = rel.indexOf('/', 2);
            rel = slash < 0 ? "" : rel.substring(slash);
        }
        StringBuilder path = new StringBuilder("/api/2.0/mlflow-artifacts/artifacts");
        for (String seg : (rel + "/" + artifactPath).split("/")) {
            if (seg.isEmpty()) continue;
            path.append('/')
                    .append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /** A version as the REST API answers it. */
    public static RegisteredVersion toVersion(JsonNode mv) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : mv.path("tags")) {
            tags.put(t.get("key").asText(), t.path("value").asText());
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : mv.path("aliases")) aliases.add(a.asText());
        return new RegisteredVersion(
                mv.get("name").asText(),
                mv.get("version").asText(),
                mv.path("run_id").asText(""),
                mv.path("source").asText(""),
                mv.path("creation_timestamp").asLong(0),
                tags,
                aliases);
    }

    static String enc(String s) {
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
