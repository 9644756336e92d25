package dev.algotrader.cli.airflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy to Airflow that lets the first POST of a DAG run reach Airflow (which creates
 * the run) and then answers the client 502, as a gateway whose upstream answer was lost would.
 */
public final class LostAnswerProxy implements AutoCloseable {
    final HttpServer server;
    final URI upstream;
    final HttpClient http = HttpClient.newHttpClient();
    final AtomicInteger dagRunPosts = new AtomicInteger();
    final AtomicInteger injected = new AtomicInteger();

    LostAnswerProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI().toString()))
                            .method(
                                    ex.getRequestMethod(),
                                    body.length == 0
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofByteArray(body));
            Map<String, String> copy = new HashMap<>();
            for (String h : List.of("Authorization", "Content-Type", "Accept")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) copy.put(h, v);
            }
            copy.forEach(b::header);
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean post =
                    ex.getRequestMethod().equals("POST")
                            && ex.getRequestURI().getPath().endsWith("/dagRuns");
            if (post && dagRunPosts.incrementAndGet() == 1 && r.statusCode() == 200) {
                injected.incrementAndGet();
                byte[] bad =
                        "<html><body>502 Bad Gateway</body></html>"
                                .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(502, bad.length);
                ex.getResponseBody().write(bad);
                return;
            }
            r.headers()
                    .firstValue("Content-Type")
                    .ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) ex.getResponseBody().write(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
