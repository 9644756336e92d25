package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real MLflow 2.17.2 from {@code shared/services/mlflow} for integration tests: a server on a
 * free loopback port ({@code start}/{@code stop} scripts) and MLflow's own Python code ({@code
 * /usr/bin/python3} with {@code PYTHONPATH=mlflow/src:mlflow/site}). Found through {@code
 * ALGOTRADER_SERVICES_DIR}, else a {@code shared/services} folder next to one of the checkout's
 * parent folders; tests skip with {@link #SKIP_MESSAGE} where it is absent (a user's clone).
 */
public final class MlflowServices implements AutoCloseable {

    /** Why a test skipped. */
    public static final String SKIP_MESSAGE =
            "skipped: the real MLflow (shared/services/mlflow) is not next to this checkout;"
                    + " set ALGOTRADER_SERVICES_DIR to the services folder to run it";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Path mlflowDir;
    private final Path serverDir;
    private final String uri;

    private MlflowServices(Path mlflowDir, Path serverDir, String uri) {
        this.mlflowDir = mlflowDir;
        this.serverDir = serverDir;
        this.uri = uri;
    }

    /** The {@code services/mlflow} folder, if this machine has it. */
    public static Optional<Path> mlflowHome() {
        String env = System.getenv("ALGOTRADER_SERVICES_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().resolve("mlflow");
            return Files.isExecutable(p.resolve("start")) ? Optional.of(p) : Optional.empty();
        }
        Path here = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        for (Path p = here; p != null; p = p.getParent()) {
            Path m = p.resolve("shared/services/mlflow");
            if (Files.isExecutable(m.resolve("start"))) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * Starts a server in {@code serverDir} with {@code backend} ({@code sqlite}, {@code
     * file:/path}) and one worker; {@link #close()} stops it.
     */
    public static MlflowServices start(Path mlflowHome, Path serverDir, String backend)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = serverDir.resolve("start.out");
        Files.createDirectories(serverDir);
        Process p =
                new ProcessBuilder(
                                mlflowHome.resolve("start").toString(),
                                "--port",
                                Integer.toString(port),
                                "--dir",
                                serverDir.toString(),
                                "--backend",
                                backend,
                                "--workers",
                                "1")
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroy();
            throw new IllegalStateException(
                    "MLflow did not start: " + Files.readString(out).strip());
        }
        List<String> lines = Files.readAllLines(out);
        String uri = lines.get(lines.size() - 1).strip();
        if (!uri.startsWith("http://")) {
            throw new IllegalStateException("MLflow start printed no URI: " + lines);
        }
        return new MlflowServices(mlflowHome, serverDir, uri);
    }

    /** The tracking URI {@code http://127.0.0.1:PORT}. */
    public String uri() {
        return uri;
    }

    /** POST/PATCH a JSON body to {@code /api/2.0/mlflow/<endpoint>}; throws on a non-200. */
    public JsonNode call(String method, String endpoint, String json) throws Exception {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(uri + "/api/2.0/mlflow/" + endpoint))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(60))
                        .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    method + " " + endpoint + " -> HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** GET {@code path} (e.g. {@code /api/2.0/mlflow/runs/get?run_id=…}) as status and body. */
    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(uri + path))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** GET a JSON endpoint of the tracking API; throws on a non-200. */
    public JsonNode getJson(String endpointAndQuery) throws Exception {
        HttpResponse<String> r = get("/api/2.0/mlflow/" + endpointAndQuery);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + endpointAndQuery + " -> HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Runs {@code script} with MLflow's Python code ({@code MLFLOW_TRACKING_URI} set to this
     * server) and returns its stdout; throws with the output when it fails.
     */
    public String python(String script, String... args) throws Exception {
        return python(mlflowDir, uri, script, args);
    }

    /** {@link #python(String, String...)} without a server ({@code trackingUri} may be null). */
    public static String python(Path mlflowHome, String trackingUri, String script, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment()
                .put("PYTHONPATH", mlflowHome.resolve("src") + ":" + mlflowHome.resolve("site"));
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().remove("MLFLOW_TRACKING_URI");
        if (trackingUri != null) pb.environment().put("MLFLOW_TRACKING_URI", trackingUri);
        Path err = Files.createTempFile("mlflow-python", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (!done || p.exitValue() != 0) {
            p.destroy();
            throw new IllegalStateException("python failed: " + out + "\n" + stderr);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        Process p =
                new ProcessBuilder(mlflowDir.resolve("stop").toString(), serverDir.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        p.waitFor(60, TimeUnit.SECONDS);
    }
}
