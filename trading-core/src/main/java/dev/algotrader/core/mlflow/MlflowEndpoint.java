package dev.algotrader.core.mlflow;

import dev.algotrader.core.audit.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * An MLflow tracking server and the credentials to reach it, resolved the way MLflow's Python
 * client resolves them ({@code mlflow.utils.rest_utils}): basic auth from {@code
 * MLFLOW_TRACKING_USERNAME} + {@code MLFLOW_TRACKING_PASSWORD}; otherwise the user-info of the URI
 * ({@code http://user:pw@host}, what {@code requests} does with it); otherwise a bearer token from
 * {@code MLFLOW_TRACKING_TOKEN}. TLS: {@code MLFLOW_TRACKING_INSECURE_TLS=true} skips certificate
 * and host-name checks, {@code MLFLOW_TRACKING_SERVER_CERT_PATH} names a PEM CA bundle that
 * replaces the default trust store (both at once is an error, as in MLflow).
 *
 * <p>{@link #uri()} and {@link #toString()} never contain the credentials; every credential value
 * is {@link Secrets#register registered} for redaction when the endpoint is built.
 */
public final class MlflowEndpoint {

    /** Where the basic-auth credentials came from, for messages that say what to check. */
    public enum CredentialSource {
        NONE("no credentials"),
        ENV_BASIC("MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD"),
        URI_BASIC("the user:password in the tracking URI"),
        ENV_TOKEN("MLFLOW_TRACKING_TOKEN");

        /** Human-readable origin. */
        public final String label;

        CredentialSource(String label) {
            this.label = label;
        }
    }

    private final String uri;
    private final String username;
    private final String password;
    private final String token;
    private final CredentialSource source;
    private final boolean insecureTls;
    private final Path serverCertPath;
    private volatile SSLContext ssl;

    private MlflowEndpoint(
            String uri,
            String username,
            String password,
            String token,
            CredentialSource source,
            boolean insecureTls,
            Path serverCertPath) {
        this.uri = uri;
        this.username = username;
        this.password = password;
        this.token = token;
        this.source = source;
        this.insecureTls = insecureTls;
        this.serverCertPath = serverCertPath;
    }

    /** The endpoint of the process environment. */
    public static MlflowEndpoint of(String trackingUri) {
        return of(trackingUri, System.getenv());
    }

    /**
     * Resolves {@code trackingUri} ({@code http(s)://[user[:password]@]host[:port][/prefix]}) and
     * the {@code MLFLOW_TRACKING_*} variables of {@code env}.
     *
     * @throws IllegalArgumentException one line that says what to fix (never with the password)
     */
    public static MlflowEndpoint of(String trackingUri, Map<String, String> env) {
        String raw = trackingUri == null ? "" : trackingUri.trim();
        URI parsed;
        try {
            parsed = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "the MLflow tracking URI '"
                            + Secrets.maskUserInfo(raw)
                            + "' is not a valid URI: percent-encode special characters of the"
                            + " user and password (e.g. @ as %40)");
        }
        String scheme =
                parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
            throw new IllegalArgumentException(
                    "the MLflow tracking URI '"
                            + Secrets.maskUserInfo(raw)
                            + "' is not http(s)://host[:port]: fix MLFLOW_TRACKING_URI or"
                            + " algotrader.research.mlflow.tracking-uri");
        }
        String uriUser = null;
        String uriPassword = null;
        String info = parsed.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            uriUser = decode(colon < 0 ? info : info.substring(0, colon));
            uriPassword = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String base =
                scheme
                        + "://"
                        + (parsed.getRawAuthority().contains("@")
                                ? parsed.getRawAuthority()
                                        .substring(parsed.getRawAuthority().lastIndexOf('@') + 1)
                                : parsed.getRawAuthority())
                        + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
        base = base.replaceAll("/+$", "");

        String envUser = blankToNull(env.get("MLFLOW_TRACKING_USERNAME"));
        String envPassword = blankToNull(env.get("MLFLOW_TRACKING_PASSWORD"));
        String token = blankToNull(env.get("MLFLOW_TRACKING_TOKEN"));
        String user = null;
        String password = null;
        CredentialSource source = CredentialSource.NONE;
        if (envUser != null && envPassword != null) {
            user = envUser;
            password = envPassword;
            source = CredentialSource.ENV_BASIC;
        } else if (uriUser != null) {
            user = uriUser;
            password = uriPassword;
            source = CredentialSource.URI_BASIC;
        } else if (token != null) {
            source = CredentialSource.ENV_TOKEN;
        }
        boolean insecure = bool(env, "MLFLOW_TRACKING_INSECURE_TLS");
        String cert = blankToNull(env.get("MLFLOW_TRACKING_SERVER_CERT_PATH"));
        if (insecure && cert != null) {
            throw new IllegalArgumentException(
                    "MLFLOW_TRACKING_INSECURE_TLS=true and MLFLOW_TRACKING_SERVER_CERT_PATH are both"
                            + " set: unset one of them (as MLflow requires)");
        }
        if (blankToNull(env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH")) != null) {
            throw new IllegalArgumentException(
                    "MLFLOW_TRACKING_CLIENT_CERT_PATH (TLS client certificates) is not supported"
                            + " by algo-trader: unset it and use basic auth or a token");
        }
        for (String s : new String[] {password, envPassword, uriPassword, token}) {
            if (s != null && !s.isEmpty()) Secrets.register(s);
        }
        return new MlflowEndpoint(
                base,
                user,
                password,
                source == CredentialSource.ENV_TOKEN ? token : null,
                source,
                insecure,
                cert == null ? null : Path.of(cert));
    }

    /** The server root without credentials or trailing slash, e.g. {@code http://host:5000}. */
    public String uri() {
        return uri;
    }

    /** Basic-auth user name, or null. */
    public String username() {
        return username;
    }

    /** Basic-auth password, or null. */
    public String password() {
        return password;
    }

    /** Bearer token, or null (only when no basic credentials are given). */
    public String token() {
        return token;
    }

    /** Where the credentials came from. */
    public CredentialSource credentialSource() {
        return source;
    }

    /** {@code MLFLOW_TRACKING_INSECURE_TLS}: no certificate or host-name verification. */
    public boolean insecureTls() {
        return insecureTls;
    }

    /** {@code MLFLOW_TRACKING_SERVER_CERT_PATH}, or null. */
    public Path serverCertPath() {
        return serverCertPath;
    }

    /** The {@code Authorization} header value, or null without credentials. */
    public String authorization() {
        if (username != null) {
            return "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (username + ":" + (password == null ? "" : password))
                                            .getBytes(StandardCharsets.UTF_8));
        }
        return token == null ? null : "Bearer " + token;
    }

    /**
     * The TLS context for this endpoint (CA bundle or trust-all), or null for the JVM default.
     *
     * @throws IllegalArgumentException when the CA bundle cannot be read
     */
    public SSLContext sslContext() {
        if (!insecureTls && serverCertPath == null) return null;
        SSLContext s = ssl;
        if (s == null) {
            s = insecureTls ? TlsContexts.trustAll() : TlsContexts.fromPemBundle(serverCertPath);
            ssl = s;
        }
        return s;
    }

    /** A {@code java.net.http} client with this endpoint's TLS settings. */
    public HttpClient httpClient(Duration connectTimeout) {
        HttpClient.Builder b =
                HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NORMAL);
        SSLContext s = sslContext();
        if (s != null) b.sslContext(s);
        return b.build();
    }

    /** A request to {@code uri() + path} carrying the credentials. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri + path));
        String auth = authorization();
        if (auth != null) b.header("Authorization", auth);
        return b;
    }

    /** What to check when the server answers 401/403, naming the credential source. */
    public String authHint(int status) {
        if (status == 403) {
            return "the user from "
                    + source.label
                    + " lacks permission: ask the MLflow admin for it (READ for the trader, EDIT"
                    + " for training)";
        }
        return source == CredentialSource.NONE
                ? "the server needs credentials: set MLFLOW_TRACKING_USERNAME and"
                        + " MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN, or put user:password@"
                        + " in front of the host in the URI)"
                : "the server rejected the credentials from " + source.label + ": check them";
    }

    @Override
    public String toString() {
        return uri;
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v == null) return false;
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1":
                return true;
            case "false", "0":
                return false;
            default:
                throw new IllegalArgumentException(
                        name + "='" + v + "' is not a boolean: use true or false");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Percent-decoding of a URI component ('+' stays '+', unlike form decoding). */
    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
