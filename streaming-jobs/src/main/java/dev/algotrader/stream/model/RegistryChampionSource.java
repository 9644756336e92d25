package dev.algotrader.stream.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.core.scoring.Scorer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The champion from the model registry the Researcher writes: either the local MLflow-layout store
 * ({@code mlruns/models/<name>/aliases/<alias>} holds the version, {@code version-<N>/meta.yaml}
 * its {@code run_id}, the run's {@code artifacts/model/portable.json} the portable scorer), or an
 * MLflow server ({@code GET /api/2.0/mlflow/registered-models/alias}, then the run's {@code
 * model/portable.json} through the artifact proxy, or {@code /get-artifact} for a server that does
 * not proxy). How a version becomes a scorer is a {@link ChampionLoader}: by default the portable
 * tree artifact; the control plane injects one that also loads sequence and ensemble champions.
 *
 * <p>Server calls carry the credentials of {@link MlflowEndpoint} (read from the environment of the
 * process that makes the call, so the job graph never holds them). A failure is an {@link
 * IOException} whose message is one line without credentials that says what to check.
 */
public final class RegistryChampionSource implements ChampionSource {

    /** Artifact path of the portable scorer inside a run (the Researcher's registry contract). */
    public static final String PORTABLE_ARTIFACT = "model/portable.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final String modelName;
    private final String alias;
    private final ChampionLoader loader;
    private final HashMap<String, String> env;

    /**
     * Tree champions only (the portable artifact).
     *
     * @param registry a folder (local store) or an {@code http(s)://} MLflow tracking URI
     */
    public RegistryChampionSource(String registry, String modelName, String alias) {
        this(registry, modelName, alias, null);
    }

    /**
     * @param loader how a version becomes a scorer (null: {@link #portableLoader})
     */
    public RegistryChampionSource(
            String registry, String modelName, String alias, ChampionLoader loader) {
        this(registry, modelName, alias, loader, null);
    }

    /**
     * @param env the {@code MLFLOW_TRACKING_*} variables to use instead of the environment of the
     *     process that calls the server (tests); null for that environment
     */
    public RegistryChampionSource(
            String registry,
            String modelName,
            String alias,
            ChampionLoader loader,
            Map<String, String> env) {
        this.registry = registry;
        this.modelName = modelName;
        this.alias = alias;
        this.env = env == null ? null : new HashMap<>(env);
        this.loader = loader != null ? loader : new PortableLoader(registry, this.env);
    }

    /** The default loader: {@code model/portable.json} of the version's run (tree models). */
    public static ChampionLoader portableLoader(String registry) {
        return new PortableLoader(registry, null);
    }

    @Override
    public Optional<ModelRef> champion() throws Exception {
        if (http(registry)) {
            HttpResponse<String> r =
                    get(
                            endpoint(registry, env),
                            "/api/2.0/mlflow/registered-models/alias?name="
                                    + enc(modelName)
                                    + "&alias="
                                    + enc(alias));
            if (noSuchAlias(r)) return Optional.empty();
            if (r.statusCode() != 200) {
                throw refused(endpoint(registry, env), "the alias @" + alias, r);
            }
            JsonNode mv = JSON.readTree(r.body()).path("model_version");
            return Optional.of(
                    new ModelRef(
                            modelName, mv.path("version").asText(), mv.path("run_id").asText()));
        }
        Path models = Path.of(registry).resolve("models").resolve(modelName);
        Path aliasFile = models.resolve("aliases").resolve(alias);
        if (!Files.isRegularFile(aliasFile)) return Optional.empty();
        String version = Files.readString(aliasFile).trim();
        Path meta = models.resolve("version-" + version).resolve("meta.yaml");
        String runId = yamlValue(meta, "run_id");
        return Optional.of(new ModelRef(modelName, version, runId));
    }

    @Override
    public Scorer load(ModelRef ref) throws Exception {
        return loader.load(ref);
    }

    /** Reads the portable tree artifact from the local store or the MLflow server. */
    private static final class PortableLoader implements ChampionLoader {
        private final String registry;
        private final HashMap<String, String> env;

        PortableLoader(String registry, HashMap<String, String> env) {
            this.registry = registry;
            this.env = env;
        }

        @Override
        public Scorer load(ModelRef ref) throws Exception {
            return PortableScorers.read(portableJson(registry, env, ref), ref.version());
        }
    }

    private static boolean http(String registry) {
        return registry.startsWith("http://") || registry.startsWith("https://");
    }

    private static String portableJson(String registry, Map<String, String> env, ModelRef ref)
            throws Exception {
        String json;
        if (http(registry)) {
            MlflowEndpoint ep = endpoint(registry, env);
            HttpResponse<String> run =
                    get(ep, "/api/2.0/mlflow/runs/get?run_id=" + enc(ref.location()));
            if (run.statusCode() != 200) throw refused(ep, "run " + ref.location(), run);
            String root =
                    JSON.readTree(run.body())
                            .path("run")
                            .path("info")
                            .path("artifact_uri")
                            .asText("");
            String path =
                    root.startsWith("mlflow-artifacts:")
                            ? "/api/2.0/mlflow-artifacts/artifacts/"
                                    + root.substring("mlflow-artifacts:".length())
                                            .replaceFirst("^//[^/]*", "")
                                            .replaceAll("^/+", "")
                                    + "/"
                                    + PORTABLE_ARTIFACT
                            : "/get-artifact?path="
                                    + enc(PORTABLE_ARTIFACT)
                                    + "&run_uuid="
                                    + enc(ref.location());
            HttpResponse<String> r = get(ep, path);
            if (r.statusCode() != 200) {
                throw refused(ep, PORTABLE_ARTIFACT + " of run " + ref.location(), r);
            }
            json = r.body();
        } else {
            json = Files.readString(localArtifact(registry, ref.location()));
        }
        return json;
    }

    private static Path localArtifact(String registry, String runId) throws IOException {
        Path root = Path.of(registry);
        try (Stream<Path> exps = Files.list(root)) {
            for (Path exp : exps.toList()) {
                Path f = exp.resolve(runId).resolve("artifacts").resolve(PORTABLE_ARTIFACT);
                if (Files.isRegularFile(f)) return f;
            }
        }
        throw new IOException("run " + runId + " has no " + PORTABLE_ARTIFACT + " in " + root);
    }

    private static String yamlValue(Path yaml, String key) throws IOException {
        if (!Files.isRegularFile(yaml)) throw new IOException(yaml + " does not exist");
        List<String> lines = Files.readAllLines(yaml);
        for (String l : lines) {
            if (l.startsWith(key + ":")) {
                return l.substring(key.length() + 1).trim().replaceAll("^['\"]|['\"]$", "");
            }
        }
        throw new IOException(yaml + " has no " + key);
    }

    private static HttpResponse<String> get(MlflowEndpoint ep, String path)
            throws IOException, InterruptedException {
        HttpClient c = ep.httpClient(Duration.ofSeconds(10));
        HttpRequest req = ep.request(path).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return c.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(
                    "cannot reach the MLflow registry at "
                            + ep.uri()
                            + " ("
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + Secrets.process().redact(e.getMessage()))
                            + "): start it, or check algotrader.trader.champion.registry",
                    e);
        }
    }

    private static MlflowEndpoint endpoint(String registry, Map<String, String> env)
            throws IOException {
        try {
            return MlflowEndpoint.of(registry, env == null ? System.getenv() : env);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    /**
     * Whether the answer means "no such model or alias" (no champion yet): MLflow 2.17 answers 404
     * RESOURCE_DOES_NOT_EXIST for a missing model, but 400 INVALID_PARAMETER_VALUE "Registered
     * model alias champion not found." for a missing alias.
     */
    private static boolean noSuchAlias(HttpResponse<String> r) throws IOException {
        if (r.statusCode() != 404 && r.statusCode() != 400) return false;
        String body = r.body() == null ? "" : r.body().trim();
        if (!body.startsWith("{")) return false;
        JsonNode n = JSON.readTree(body);
        String code = n.path("error_code").asText("");
        String msg = n.path("message").asText("");
        return code.equals("RESOURCE_DOES_NOT_EXIST")
                || (code.equals("INVALID_PARAMETER_VALUE")
                        && msg.matches("(?s).*alias .* not found.*"));
    }

    /** A one-line error for a non-200 answer: the status, and what to check. */
    private static IOException refused(MlflowEndpoint ep, String what, HttpResponse<String> r)
            throws IOException {
        int status = r.statusCode();
        String body = r.body() == null ? "" : r.body().trim();
        String detail;
        if (status == 401 || status == 403) {
            detail = ep.authHint(status);
        } else if (!body.startsWith("{")) {
            detail =
                    "not an MLflow REST API answer: check the registry URI's host, port and path"
                            + " (the server root)";
        } else {
            detail = JSON.readTree(body).path("message").asText(body);
        }
        return new IOException(
                Secrets.process()
                        .redact(
                                "MLflow registry "
                                        + ep.uri()
                                        + " answered HTTP "
                                        + status
                                        + " for "
                                        + what
                                        + ": "
                                        + detail.replaceAll("\\s+", " ")));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
