package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.mlflow.MlflowEndpoint;

/**
 * One-line messages for MLflow failures that say what to check: the status, what was attempted,
 * MLflow's own error message (never an HTML page) and the fix (credentials for 401/403, the URI's
 * path for a 404 that is not MLflow's JSON). Messages carry the endpoint's URI without credentials,
 * and pass through {@link Secrets} once more.
 */
final class MlflowErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MlflowErrors() {}

    /** Whether a status is worth another attempt (MLflow's own client retries these). */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    static TrackingException http(
            MlflowEndpoint ep, String what, int status, String body, Throwable cause) {
        String api = isJson(body) ? jsonMessage(body) : null;
        String msg;
        if (status == 401 || status == 403) {
            msg =
                    "MLflow at "
                            + ep.uri()
                            + " refused '"
                            + what
                            + "' with HTTP "
                            + status
                            + (status == 401 ? " (not authenticated)" : " (permission denied)")
                            + ": "
                            + ep.authHint(status);
        } else if (api == null && (status == 404 || status == 405)) {
            msg =
                    "no MLflow REST API at "
                            + ep.uri()
                            + " (HTTP "
                            + status
                            + " for '"
                            + what
                            + "'): check the tracking URI's host, port and path; it must be the"
                            + " server root (plus the server's --static-prefix, if it has one),"
                            + " e.g. http://host:5000";
        } else {
            msg =
                    "MLflow at "
                            + ep.uri()
                            + " refused '"
                            + what
                            + "' with HTTP "
                            + status
                            + ": "
                            + (api != null ? api : describeBody(body))
                            + (status >= 500
                                    ? " (a server error: check the MLflow server's log)"
                                    : "");
        }
        return new TrackingException(Secrets.process().redact(msg), cause, false);
    }

    static TrackingException unreachable(MlflowEndpoint ep, String what, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        boolean tls = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException
                    || t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                tls = true;
            }
        }
        if (tls) {
            return new TrackingException(
                    Secrets.process()
                            .redact(
                                    "cannot open a TLS connection to the MLflow server at "
                                            + ep.uri()
                                            + " ("
                                            + what
                                            + ": "
                                            + oneLine(m)
                                            + "): set MLFLOW_TRACKING_SERVER_CERT_PATH to the PEM"
                                            + " bundle of the CA that signed its certificate (or"
                                            + " MLFLOW_TRACKING_INSECURE_TLS=true for a test"
                                            + " server)"),
                    e,
                    true);
        }
        return new TrackingException(
                Secrets.process()
                        .redact(
                                "cannot reach the MLflow tracking server at "
                                        + ep.uri()
                                        + " ("
                                        + what
                                        + ": "
                                        + oneLine(m)
                                        + "): start it, or unset MLFLOW_TRACKING_URI to use the"
                                        + " local store"),
                e,
                true);
    }

    static String oneLine(String s) {
        if (s == null) return "no message";
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static boolean isJson(String body) {
        return body != null && body.trim().startsWith("{");
    }

    private static String jsonMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String code = n.path("error_code").asText("");
            String m = n.path("message").asText(null);
            if (m == null) return oneLine(body);
            return (code.isEmpty() ? "" : code + ": ") + oneLine(m);
        } catch (Exception e) {
            return null;
        }
    }

    private static String describeBody(String body) {
        if (body == null || body.isBlank()) return "empty answer";
        String t = body.trim();
        if (t.startsWith("<")) return "an HTML page, not MLflow's JSON (is this an MLflow server?)";
        return oneLine(t);
    }
}
