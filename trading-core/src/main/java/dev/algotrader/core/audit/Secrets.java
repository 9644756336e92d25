package dev.algotrader.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Knows which values are secrets so that logs, events, MLflow params and reports never carry them:
 * the values of environment variables whose names look like credentials, and any field whose name
 * looks like a credential.
 */
public final class Secrets {

    private static final String[] MARKERS = {"SECRET", "PASSWORD", "TOKEN", "API_KEY", "KEY_ID"};
    private static final String REDACTED = "***";

    private final List<String> values;

    public Secrets(Map<String, String> environment) {
        List<String> v = new ArrayList<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (isSecretName(e.getKey()) && e.getValue() != null && e.getValue().length() >= 4) {
                v.add(e.getValue());
            }
        }
        this.values = List.copyOf(v);
    }

    /** Secrets of the current process environment. */
    public static Secrets fromEnvironment() {
        return new Secrets(System.getenv());
    }

    /** True for names such as {@code APCA_API_SECRET_KEY}, {@code password}, {@code apiToken}. */
    public static boolean isSecretName(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace('-', '_');
        for (String m : MARKERS) {
            if (n.contains(m)) return true;
        }
        return false;
    }

    /** Replaces every known secret value inside {@code text}. */
    public String redact(String text) {
        if (text == null) return null;
        String out = text;
        for (String s : values) {
            out = out.replace(s, REDACTED);
        }
        return out;
    }

    /** Returns a copy of {@code details} with secret-named keys and secret values redacted. */
    public Map<String, Object> redact(Map<String, Object> details) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : details.entrySet()) {
            Object v = e.getValue();
            if (isSecretName(e.getKey())) {
                out.put(e.getKey(), REDACTED);
            } else if (v instanceof String s) {
                out.put(e.getKey(), redact(s));
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                out.put(e.getKey(), redact(nested));
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
