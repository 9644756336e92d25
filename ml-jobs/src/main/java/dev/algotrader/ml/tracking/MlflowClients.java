package dev.algotrader.ml.tracking;

import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;
import org.mlflow_project.apachehttp.client.config.RequestConfig;
import org.mlflow_project.apachehttp.conn.ssl.NoopHostnameVerifier;
import org.mlflow_project.apachehttp.conn.ssl.SSLConnectionSocketFactory;
import org.mlflow_project.apachehttp.impl.client.CloseableHttpClient;
import org.mlflow_project.apachehttp.impl.client.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the official {@link MlflowClient} for an {@link MlflowEndpoint}: its credentials through
 * the client's own {@link BasicMlflowHostCreds} (basic auth or bearer token, insecure-TLS flag),
 * and an HTTP caller the client cannot configure itself.
 *
 * <p>The 2.17.2 client's caller retries every HTTP error three times without back-off (so a 404 or
 * 401 is sent three times) and has no connect or read timeout. Here it is given one attempt (the
 * store applies MLflow's own retry policy: 429 and 5xx with back-off, never 4xx) and an Apache
 * client (the one the client shades) with the endpoint's timeouts and TLS context (CA bundle or
 * trust-all), through the caller's package-private test constructor. If that ever fails (another
 * client version), the client keeps its defaults and a warning says so.
 */
final class MlflowClients {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowClients.class);

    private MlflowClients() {}

    static MlflowClient create(MlflowEndpoint ep, Duration timeout) {
        BasicMlflowHostCreds creds =
                new BasicMlflowHostCreds(
                        ep.uri(), ep.username(), ep.password(), ep.token(), ep.insecureTls());
        MlflowClient client = new MlflowClient(creds);
        try {
            Class<?> callerType = Class.forName("org.mlflow.tracking.MlflowHttpCaller");
            Constructor<?> ctor =
                    callerType.getDeclaredConstructor(
                            MlflowHostCredsProvider.class,
                            int.class,
                            int.class,
                            int.class,
                            CloseableHttpClient.class);
            ctor.setAccessible(true);
            Object caller = ctor.newInstance(creds, 60_000, 1_000, 1, apacheClient(ep, timeout));
            Field f = MlflowClient.class.getDeclaredField("httpCaller");
            f.setAccessible(true);
            f.set(client, caller);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "MLflow client {}: cannot set its timeouts/TLS/retries ({}); using its"
                            + " defaults",
                    ep.uri(),
                    e.toString());
        }
        return client;
    }

    private static CloseableHttpClient apacheClient(MlflowEndpoint ep, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        HttpClientBuilder b =
                HttpClientBuilder.create()
                        .useSystemProperties()
                        .setDefaultRequestConfig(
                                RequestConfig.custom()
                                        .setConnectTimeout(ms)
                                        .setConnectionRequestTimeout(ms)
                                        .setSocketTimeout(ms)
                                        .build());
        SSLContext ssl = ep.sslContext();
        if (ssl != null) {
            b.setSSLSocketFactory(
                    new SSLConnectionSocketFactory(
                            ssl,
                            ep.insecureTls()
                                    ? NoopHostnameVerifier.INSTANCE
                                    : SSLConnectionSocketFactory.getDefaultHostnameVerifier()));
        }
        return b.build();
    }
}
