package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS options on both HTTP paths (the Java client's and the artifact proxy's) against an HTTPS
 * endpoint with a self-signed certificate. The real MLflow server from shared/services cannot be
 * started with TLS (its start script checks health over plain HTTP), so a JDK HTTPS server answers
 * the one call used here with the body MLflow documents for {@code experiments/search}.
 */
class MlflowTlsTest {

    @TempDir static Path dir;
    static HttpsServer server;
    static String uri;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        Path ks = dir.resolve("server.p12");
        run(
                "keytool",
                "-genkeypair",
                "-alias",
                "mlflow",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keystore",
                ks.toString());
        caPem = dir.resolve("ca.pem");
        run(
                "keytool",
                "-exportcert",
                "-rfc",
                "-alias",
                "mlflow",
                "-storepass",
                "changeit",
                "-keystore",
                ks.toString(),
                "-file",
                caPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext(
                "/api/2.0/mlflow/experiments/search",
                ex -> {
                    byte[] body =
                            "{\"experiments\":[{\"experiment_id\":\"7\",\"name\":\"tls\"}]}"
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        server.start();
        uri = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop(0);
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    static MlflowRestStore store(Map<String, String> env) {
        return new MlflowRestStore(
                MlflowEndpoint.of(uri, env), Duration.ofSeconds(10), Clock.systemUTC(), null);
    }

    static int proxyGet(Map<String, String> env) throws Exception {
        MlflowEndpoint ep = MlflowEndpoint.of(uri, env);
        return ep.httpClient(Duration.ofSeconds(5))
                .send(
                        ep.request("/api/2.0/mlflow/experiments/search").GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void anUntrustedCertificateSaysWhichVariableToSet() {
        assertThatThrownBy(() -> store(Map.of()).experiment("tls"))
                .isInstanceOf(TrackingException.class)
                .hasMessageStartingWith(
                        "cannot open a TLS connection to the MLflow server at " + uri)
                .hasMessageContaining("set MLFLOW_TRACKING_SERVER_CERT_PATH");
    }

    @Test
    void aCaBundleIsTrustedByTheJavaClientAndTheArtifactPath() throws Exception {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_SERVER_CERT_PATH", caPem.toString());
        assertThat(store(env).experiment("tls")).isEqualTo("7");
        assertThat(proxyGet(env)).isEqualTo(200);
    }

    @Test
    void insecureTlsSkipsTheChecks() throws Exception {
        Map<String, String> env = Map.of("MLFLOW_TRACKING_INSECURE_TLS", "true");
        assertThat(store(env).experiment("tls")).isEqualTo("7");
        assertThat(proxyGet(env)).isEqualTo(200);
    }
}
