package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.core.registry.RestRegistryReader;
import java.io.IOException;
import java.util.function.Supplier;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy of {@link MlflowRestStore}'s calls: HTTP 429 and 5xx are retried with back-off,
 * as MLflow's own client does; 4xx and unreachable servers are not (one clear {@link
 * TrackingException} instead). Also the JSON GET/POST of REST paths the Java client has no typed
 * call for, and the {@link RestRegistryReader.Transport} the shared registry reader reads through.
 */
final class MlflowCalls implements RestRegistryReader.Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Back-off before the second and the third attempt. */
    static final long[] RETRY_BACKOFF_MS = {500, 1500};

    private final MlflowEndpoint ep;
    private final MlflowClient client;
    private final MlflowArtifactProxy artifacts;

    MlflowCalls(MlflowEndpoint ep, MlflowClient client, MlflowArtifactProxy artifacts) {
        this.ep = ep;
        this.client = client;
        this.artifacts = artifacts;
    }

    /** Runs one client call; 429/5xx are retried with back-off, everything else is not. */
    <T> T call(String what, Supplier<T> body) {
        for (int attempt = 0; ; attempt++) {
            try {
                return body.get();
            } catch (MlflowHttpException e) {
                if (!MlflowErrors.retryable(e.getStatusCode())
                        || attempt == RETRY_BACKOFF_MS.length) {
                    throw MlflowErrors.http(ep, what, e.getStatusCode(), e.getBodyMessage(), e);
                }
                LOG.warn(
                        "MLflow {} answered HTTP {} to '{}', retrying",
                        ep.uri(),
                        e.getStatusCode(),
                        what);
                sleep(RETRY_BACKOFF_MS[attempt]);
            } catch (MlflowClientException e) {
                throw MlflowErrors.unreachable(ep, what, e);
            }
        }
    }

    /** Runs a call that returns nothing. */
    void run(String what, Runnable body) {
        call(
                what,
                () -> {
                    body.run();
                    return null;
                });
    }

    JsonNode post(String path, JsonNode body) {
        String res = call(path, () -> client.sendPost(path, body.toString()));
        return parse(res, path);
    }

    /** GETs {@code path}; with {@code notFoundIsNull}, RESOURCE_DOES_NOT_EXIST gives null. */
    @Override
    public JsonNode getJson(String path, boolean notFoundIsNull) {
        try {
            return parse(call(path, () -> client.sendGet(path)), path);
        } catch (TrackingException e) {
            if (notFoundIsNull
                    && e.getCause() instanceof MlflowHttpException h
                    && String.valueOf(h.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST")) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public byte[] getBytes(String path, String what) {
        return artifacts.get(path, what);
    }

    private static JsonNode parse(String body, String what) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new TrackingException(
                    "MLflow answered " + what + " with something that is not JSON");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("interrupted while waiting to retry", e);
        }
    }
}
