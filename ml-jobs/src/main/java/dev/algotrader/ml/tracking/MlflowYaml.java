package dev.algotrader.ml.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The YAML files of MLflow's file store ({@code meta.yaml} of experiments, runs, registered models
 * and model versions) and of MLflow models ({@code MLmodel}), read and written the way MLflow does
 * it: PyYAML's {@code safe_dump(default_flow_style=False, allow_unicode=True, sort_keys=True)}.
 * SnakeYAML is PyYAML's Java port (same YAML 1.1 resolver, same emitter), so a file read here and
 * written back keeps every value MLflow wrote, including fields this project does not know (nested
 * {@code aliases:} blocks, multi-line descriptions): callers change only the keys they own.
 */
public final class MlflowYaml {

    private MlflowYaml() {}

    private static Yaml yaml() {
        LoaderOptions load = new LoaderOptions();
        load.setAllowDuplicateKeys(false);
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setAllowUnicode(true);
        dump.setIndent(2);
        dump.setWidth(80);
        return new Yaml(new SafeConstructor(load), new PyYamlStrings(dump), dump, load);
    }

    /**
     * Strings as PyYAML represents them: the emitter picks plain, single- or double-quoted by the
     * same analysis. (SnakeYAML 2 would switch multi-line strings to literal blocks, {@code |-}:
     * the same value, but not the text MLflow writes.)
     */
    private static final class PyYamlStrings extends Representer {
        PyYamlStrings(DumperOptions options) {
            super(options);
            this.representers.put(
                    String.class,
                    data -> {
                        String s = data.toString();
                        // PyYAML never emits a multi-line plain scalar: single quotes if the
                        // emitter's analysis allows them, else it falls back to double quotes
                        boolean multiLine = s.matches("(?s).*[\n\r\u0085\u2028\u2029].*");
                        return representScalar(
                                Tag.STR,
                                s,
                                multiLine
                                        ? DumperOptions.ScalarStyle.SINGLE_QUOTED
                                        : DumperOptions.ScalarStyle.PLAIN);
                    });
        }
    }

    /** The mapping in {@code f}, in file order; an empty file is an empty mapping. */
    public static Map<String, Object> read(Path f) {
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrackingException(
                    "cannot read " + f + ": " + e.getMessage(), new UncheckedIOException(e));
        }
        return parse(text, f.toString());
    }

    /** Parses a YAML mapping; {@code where} names the source in the error. */
    public static Map<String, Object> parse(String text, String where) {
        Object doc;
        try {
            doc = yaml().load(text);
        } catch (YAMLException e) {
            throw new TrackingException(
                    where
                            + " is not valid YAML ("
                            + e.getMessage().lines().findFirst().orElse("")
                            + "): restore it from a backup or delete the entry with MLflow",
                    e);
        }
        if (doc == null) return new LinkedHashMap<>();
        if (!(doc instanceof Map<?, ?> m)) {
            throw new TrackingException(where + " is not a YAML mapping: restore it from a backup");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** The YAML text of {@code map}, keys sorted at every level as MLflow writes them. */
    public static String dump(Map<String, ?> map) {
        return yaml().dump(sorted(map));
    }

    /** Writes {@code map} to {@code f} atomically (temporary file + rename, as MLflow does). */
    public static void write(Path f, Map<String, ?> map) {
        String text = dump(map);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".meta", ".yaml.tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                keepPermissions(f, tmp);
                Files.move(
                        tmp,
                        f,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TrackingException(
                    "cannot write " + f + ": " + e.getMessage(), new UncheckedIOException(e));
        }
    }

    /**
     * The replaced file's permissions (as MLflow's {@code overwrite_yaml} restores them), else
     * {@code rw-r--r--}: a temporary file is created owner-only, and a server running as another
     * user must still read the store.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(
                tmp,
                Files.exists(target)
                        ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A scalar as text ({@code null} when absent or null): ids may be numbers in old files. */
    public static String string(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }

    /** A numeric field (timestamps, status codes); {@code fallback} when absent or null. */
    public static long number(Map<String, Object> map, String key, long fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new TrackingException(
                    "'" + key + "' is '" + v + "', not a number: fix the meta.yaml that holds it");
        }
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> byKey = new TreeMap<>();
            m.forEach((k, x) -> byKey.put(String.valueOf(k), sorted(x)));
            return new LinkedHashMap<>(byKey);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(sorted(x));
            return out;
        }
        return v;
    }
}
