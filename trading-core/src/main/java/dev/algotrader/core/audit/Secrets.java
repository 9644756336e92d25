package dev.algotrader.core.audit;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction helper of the project: masks secrets before text reaches the console, the log
 * file, {@code events.jsonl}, MLflow params/tags or a report. It masks
 *
 * <ul>
 *   <li>the user-info of any URI ({@code http://user:pw@host} → {@code http://***@host});
 *   <li>the values of environment variables whose names look like credentials ({@code
 *       MLFLOW_TRACKING_PASSWORD}, {@code MLFLOW_TRACKING_TOKEN}, {@code APCA_API_KEY_ID}, {@code
 *       APCA_API_SECRET_KEY}, {@code AIRFLOW_PASSWORD}, {@code COINGECKO_API_KEY}, …), also in
 *       their URL-encoded and URL-decoded forms;
 *   <li>the password of a URI found in any environment value (an {@code MLFLOW_TRACKING_URI} with
 *       credentials), and every value {@link #register registered} at run time (credentials read
 *       from configuration files).
 * </ul>
 *
 * Values shorter than {@value #MIN_LENGTH} characters are only masked inside URIs: masking "ab"
 * everywhere would garble every line.
 */
public final class Secrets {

    private static final String[] MARKERS = {
        "SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "KEY_ID", "CREDENTIAL"
    };
    private static final String REDACTED = "***";
    static final int MIN_LENGTH = 4;

    /** scheme://user-info@ — the user-info ends at the last '@' before the host. */
    private static final Pattern URI_USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s\"'<>]*@");

    /** {@link #isSecretName} of the names seen so far (detail keys: a small, fixed set). */
    private static final Map<String, Boolean> SECRET_NAMES = new ConcurrentHashMap<>();

    private static final int MAX_NAMES = 4096;

    /** Values registered at run time (credentials read from configuration), process-wide. */
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private static volatile List<String> registeredVariants = List.of();

    private static volatile Secrets process;

    private final List<String> values;

    public Secrets(Map<String, String> environment) {
        Set<String> v = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String value = e.getValue();
            if (value == null) continue;
            if (isSecretName(e.getKey())) v.add(value);
            v.addAll(uriCredentials(value));
        }
        this.values = variants(v);
    }

    /** Secrets of the current process environment. */
    public static Secrets fromEnvironment() {
        return new Secrets(System.getenv());
    }

    /** The process-wide instance (environment plus registered values), for log layouts. */
    public static Secrets process() {
        Secrets p = process;
        if (p == null) {
            p = fromEnvironment();
            process = p;
        }
        return p;
    }

    /**
     * Registers a secret value found at run time (a password from a configuration file or from a
     * configured URI's user-info) so that every {@link Secrets} of this process masks it from now
     * on.
     */
    public static void register(String secret) {
        if (secret == null) return;
        if (REGISTERED.add(secret)) {
            synchronized (REGISTERED) {
                registeredVariants = variants(REGISTERED);
            }
        }
    }

    /**
     * Registers the secrets of {@code environment} process-wide (the CLI's environment, which tests
     * pass as a map), so that log layouts mask them too.
     */
    public static void registerEnvironment(Map<String, String> environment) {
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String value = e.getValue();
            if (value == null) continue;
            if (isSecretName(e.getKey())) register(value);
            uriCredentials(value).forEach(Secrets::register);
        }
    }

    /** True for names such as {@code APCA_API_SECRET_KEY}, {@code password}, {@code apiToken}. */
    public static boolean isSecretName(String name) {
        Boolean known = SECRET_NAMES.get(name);
        if (known != null) return known;
        String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        boolean secret = false;
        for (String m : MARKERS) {
            if (n.contains(m)) {
                secret = true;
                break;
            }
        }
        if (SECRET_NAMES.size() < MAX_NAMES) SECRET_NAMES.put(name, secret);
        return secret;
    }

    /** {@code uri} with its user-info masked ({@code http://***@host/…}); null stays null. */
    public static String maskUserInfo(String uri) {
        if (uri == null) return null;
        // the pattern needs a "://": most text (every audit detail) has none, skip the matcher
        if (!uri.contains("://")) return uri;
        Matcher m = URI_USER_INFO.matcher(uri);
        return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@") : uri;
    }

    /** Masks URI user-info and every known secret value inside {@code text}. */
    public String redact(String text) {
        if (text == null) return null;
        String out = maskUserInfo(text);
        for (String s : values) {
            if (out.contains(s)) out = out.replace(s, REDACTED);
        }
        for (String s : registeredVariants) {
            if (out.contains(s)) out = out.replace(s, REDACTED);
        }
        return out;
    }

    /** Returns a copy of {@code details} with secret-named keys and secret values redacted. */
    public Map<String, Object> redact(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : details.entrySet()) {
            out.put(e.getKey(), isSecretName(e.getKey()) ? REDACTED : redactValue(e.getValue()));
        }
        return out;
    }

    /** A copy of string-valued {@code map} (params, tags) with secret values redacted. */
    public Map<String, String> redactStrings(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, isSecretName(k) ? REDACTED : redact(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object redactValue(Object v) {
        if (v instanceof String s) return redact(s);
        if (v instanceof Map<?, ?> m) return redact((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) copy.add(redactValue(o));
            return copy;
        }
        return v;
    }

    /** The password (and user) of every URI with user-info inside {@code text}. */
    private static List<String> uriCredentials(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = URI_USER_INFO.matcher(text);
        while (m.find()) {
            String info = text.substring(m.end(1), m.end() - 1);
            int colon = info.indexOf(':');
            out.add(colon < 0 ? info : info.substring(colon + 1));
        }
        return out;
    }

    /** Each value as written, URL-encoded and URL-decoded; long enough ones, longest first. */
    private static List<String> variants(Set<String> raw) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : raw) {
            all.add(s);
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            try {
                all.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notEncoded) {
                // a value with a stray '%' has no decoded form
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : all) if (s.length() >= MIN_LENGTH) out.add(s);
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }
}
