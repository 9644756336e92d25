package dev.algotrader.ml.tracking;

import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.core.registry.RestRegistryReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Uploads and downloads run artifacts through the server's artifact proxy ({@code PUT/GET
 * /api/2.0/mlflow-artifacts/artifacts/<path>}) with the endpoint's credentials and TLS settings. A
 * run's artifact URI {@code mlflow-artifacts:/<exp>/<run>/artifacts} maps to the proxy path {@code
 * <exp>/<run>/artifacts/<file>}. Hadoop's bookkeeping files ({@code _SUCCESS}, {@code *.crc}) that
 * Spark's ML writers leave next to a model are not uploaded.
 */
final class MlflowArtifactProxy {

    private final MlflowEndpoint ep;
    private final HttpClient http;
    private final Duration timeout;

    MlflowArtifactProxy(MlflowEndpoint ep, Duration timeout) {
        this.ep = ep;
        this.timeout = timeout;
        this.http = ep.httpClient(timeout);
    }

    /** Whether a file of a local model folder is Hadoop bookkeeping rather than an artifact. */
    static boolean isBookkeeping(Path file) {
        String n = file.getFileName().toString();
        return n.equals("_SUCCESS") || n.endsWith(".crc");
    }

    void upload(String artifactRoot, String artifactPath, byte[] content) {
        HttpRequest req =
                ep.request(proxyPath(artifactRoot, artifactPath))
                        .timeout(timeout)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build();
        send(req, "upload artifact " + artifactPath);
    }

    void uploadDir(String artifactRoot, String artifactDir, Path localDir) {
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path p :
                    files.filter(Files::isRegularFile)
                            .filter(f -> !isBookkeeping(f))
                            .sorted()
                            .toList()) {
                String rel = localDir.relativize(p).toString().replace('\\', '/');
                upload(artifactRoot, artifactDir + "/" + rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new TrackingException("cannot read local artifacts in " + localDir, e);
        }
    }

    byte[] download(String artifactRoot, String artifactPath) {
        HttpRequest req =
                ep.request(proxyPath(artifactRoot, artifactPath)).timeout(timeout).GET().build();
        return send(req, "download artifact " + artifactPath);
    }

    /** GETs a server path (from the root) with the endpoint's credentials: the body. */
    byte[] get(String path, String what) {
        return send(ep.request(path).timeout(timeout).GET().build(), "download " + what);
    }

    private String proxyPath(String root, String artifactPath) {
        if (!root.startsWith("mlflow-artifacts:")) {
            throw new TrackingException(
                    "the MLflow server at "
                            + ep.uri()
                            + " does not proxy artifacts (run artifact URI "
                            + root
                            + "): start it with --serve-artifacts (the default of `mlflow"
                            + " server`)");
        }
        return RestRegistryReader.proxyPath(root, artifactPath);
    }

    private byte[] send(HttpRequest req, String what) {
        HttpResponse<byte[]> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw MlflowErrors.unreachable(ep, what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted during " + what, e);
        }
        if (res.statusCode() / 100 != 2) {
            throw MlflowErrors.http(
                    ep,
                    what,
                    res.statusCode(),
                    new String(res.body(), StandardCharsets.UTF_8),
                    null);
        }
        return res.body();
    }
}
