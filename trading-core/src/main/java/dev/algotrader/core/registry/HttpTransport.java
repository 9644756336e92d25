package dev.algotrader.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link RestRegistryReader.Transport} over {@code java.net.http} with the endpoint's credentials
 * and TLS. No retries. A non-200 answer is one line with the status and what to check (401/403:
 * which credentials, from {@link MlflowEndpoint#authHint}); every message is redacted.
 */
public final class HttpTransport implements RestRegistryReader.Transport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowEndpoint ep;
    private final HttpClient client;

    public HttpTransport(MlflowEndpoint endpoint) {
        this.ep = endpoint;
        this.client = endpoint.httpClient(Duration.ofSeconds(10));
    }

    @Override
    public JsonNode getJson(String path, boolean notFoundIsNull) {
        HttpResponse<byte[]> r = get("/api/2.0/mlflow/" + path);
        String body = new String(r.body(), StandardCharsets.UTF_8).trim();
        if (notFoundIsNull && notFound(r.statusCode(), body)) return null;
        if (r.statusCode() != 200)
            throw refused(path.replaceFirst("\\?.*", ""), r.statusCode(), body);
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(
                    "MLflow registry "
                            + ep.uri()
                            + " answered "
                            + path
                            + " with something that"
                            + " is not JSON");
        }
    }

    @Override
    public byte[] getBytes(String path, String what) {
        HttpResponse<byte[]> r = get(path);
        if (r.statusCode() != 200) {
            throw refused(what, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private HttpResponse<byte[]> get(String path) {
        HttpRequest req = ep.request(path).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryException(
                    "cannot reach the MLflow registry at "
                            + ep.uri()
                            + " ("
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + Secrets.process().redact(e.getMessage()))
                            + ")",
                    e,
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while reading the MLflow registry", e);
        }
    }

    /**
     * Whether the answer means "no such model or alias": MLflow 2.17 answers 404
     * RESOURCE_DOES_NOT_EXIST for a missing model, 400 INVALID_PARAMETER_VALUE "... alias ... not
     * found" for a missing alias.
     */
    private static boolean notFound(int status, String body) {
        if ((status != 404 && status != 400) || !body.startsWith("{")) return false;
        try {
            JsonNode n = JSON.readTree(body);
            String code = n.path("error_code").asText("");
            String msg = n.path("message").asText("");
            return code.equals("RESOURCE_DOES_NOT_EXIST")
                    || (code.equals("INVALID_PARAMETER_VALUE")
                            && msg.matches("(?s).*alias .* not found.*"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A one-line error for a non-200 answer: the status, and what to check. */
    private RegistryException refused(String what, int status, String body) {
        String detail;
        if (status == 401 || status == 403) {
            detail = ep.authHint(status);
        } else if (!body.trim().startsWith("{")) {
            detail =
                    "not an MLflow REST API answer: check the registry URI's host, port and path"
                            + " (the server root)";
        } else {
            try {
                detail = JSON.readTree(body).path("message").asText(body);
            } catch (IOException e) {
                detail = body;
            }
        }
        return new RegistryException(
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
}
