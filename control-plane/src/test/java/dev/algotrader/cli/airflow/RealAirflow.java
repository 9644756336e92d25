package dev.algotrader.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apache Airflow 2.10.3 (webserver + scheduler, SequentialExecutor, SQLite) started from
 * {@code shared/services/airflow} on 127.0.0.1, a free port and a temporary AIRFLOW_HOME, with the
 * repository's {@code airflow-dags/} as its DAG folder. Started once per test JVM by the first
 * class that uses {@link Extension} and stopped when the test run ends (start takes 45 s or more:
 * the classes share it). Where the services folder is absent (a user's clone) the classes are
 * skipped with a message saying how to point at it.
 */
public final class RealAirflow implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** The checkout (tests run in the module folder). */
    public static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    public static final String USER = "admin";
    public static final String PASSWORD = "admin-it-pw";

    static final ObjectMapper JSON = new ObjectMapper();
    private static RealAirflow current;

    public final Path services;
    public final Path home;
    public final URI url;
    public final Duration startTime;
    private final HttpClient http = HttpClient.newHttpClient();

    private RealAirflow(Path services, Path home, URI url, Duration startTime) {
        this.services = services;
        this.home = home;
        this.url = url;
        this.startTime = startTime;
    }

    /**
     * {@code shared/services} next to the checkout or any folder above it, or {@code
     * ALGOTRADER_SERVICES_DIR}.
     */
    public static Optional<Path> servicesDir() {
        String env = System.getenv("ALGOTRADER_SERVICES_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p.resolve("airflow/start"))
                    ? Optional.of(p)
                    : Optional.empty();
        }
        for (Path d = ROOT.getParent(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/services");
            if (Files.isExecutable(p.resolve("airflow/start"))) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The instance the {@link Extension} started. */
    public static RealAirflow get() {
        return current;
    }

    static RealAirflow start(Path services) {
        return start(services, null, Map.of());
    }

    /**
     * An instance of its own (not the shared one): {@code spark_default} points at {@code
     * sparkMaster} (null: Airflow's default), and the scheduler, so every task, runs with {@code
     * env} added to this JVM's environment (PATH with a spark-submit, ALGOTRADER_CONF_DIR, …).
     * Close it to stop it.
     */
    public static RealAirflow start(Path services, String sparkMaster, Map<String, String> env) {
        try {
            Path work = Files.createTempDirectory("algotrader-airflow-it");
            Path home = work.resolve("home");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            Path log = work.resolve("start.log");
            ProcessBuilder pb =
                    new ProcessBuilder(
                                    services.resolve("airflow/start").toString(),
                                    "--port",
                                    String.valueOf(port),
                                    "--dir",
                                    home.toString(),
                                    "--dags",
                                    ROOT.resolve("airflow-dags").toString(),
                                    "--user",
                                    USER + ":" + PASSWORD)
                            .redirectError(log.toFile());
            if (sparkMaster != null) pb.command().addAll(List.of("--spark-master", sparkMaster));
            pb.environment().putAll(env);
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "Airflow did not start: " + tail(Files.readString(log)));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            List<String> lines = out.strip().lines().toList();
            URI url = URI.create(lines.get(lines.size() - 1).strip());
            System.out.printf("real Airflow at %s started in %d s%n", url, took.toSeconds());
            return new RealAirflow(services, home, url, took);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Airflow: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        Process p =
                new ProcessBuilder(services.resolve("airflow/stop").toString(), home.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.getParent().resolve("stop.log").toFile())
                        .start();
        p.waitFor(2, TimeUnit.MINUTES);
        current = null;
    }

    /** The environment {@code DIR/env.sh} sets: Airflow's Python path, AIRFLOW_HOME, PATH. */
    public Map<String, String> pythonEnv() {
        Path a = services.resolve("airflow");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AIRFLOW_HOME", home.toString());
        env.put(
                "PYTHONPATH",
                a.resolve("src") + ":" + a.resolve("site") + ":" + a.resolve("shims"));
        env.put("PATH", a.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /** A stable REST API call with the admin's basic auth; returns status and parsed body. */
    public Response api(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(60))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (USER + ":" + PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)));
        if (body != null) b.header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String text = r.body() == null ? "" : r.body().strip();
        JsonNode n =
                text.startsWith("{") || text.startsWith("[")
                        ? JSON.readTree(text)
                        : JSON.createObjectNode().put("raw", text);
        return new Response(r.statusCode(), n);
    }

    /** Status and body of an API call. */
    public record Response(int status, JsonNode body) {}

    static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** Starts (once per JVM) or skips: put it on every class that needs the real Airflow. */
    public static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Optional<Path> services = servicesDir();
            Assumptions.assumeTrue(
                    services.isPresent(),
                    "real-Airflow tests skipped: shared/services/airflow not found next to the"
                            + " checkout "
                            + ROOT
                            + " or above it; set ALGOTRADER_SERVICES_DIR to the services folder");
            current =
                    context.getRoot()
                            .getStore(ExtensionContext.Namespace.GLOBAL)
                            .getOrComputeIfAbsent(
                                    RealAirflow.class.getName(),
                                    k -> start(services.get()),
                                    RealAirflow.class);
        }
    }
}
