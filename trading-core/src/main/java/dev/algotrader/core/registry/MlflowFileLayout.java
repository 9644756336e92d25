package dev.algotrader.core.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where things are in MLflow's file store ({@code mlflow/store/tracking/file_store.py} and {@code
 * mlflow/store/model_registry/file_store.py}): experiment and run folders, registered models, their
 * versions, aliases and tags, and the key files MLflow writes one a value ({@code params/}, {@code
 * metrics/}, {@code tags/}, keys with '/' as sub-folders). Read-only; the Researcher's store writes
 * through the same paths.
 */
public final class MlflowFileLayout {

    /** Top-level folders of the store that are not experiments (MLflow's FileStore skips them). */
    private static final Set<String> NOT_EXPERIMENTS = Set.of("models", ".trash");

    private final Path root;

    public MlflowFileLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Folders of active experiments: every folder with a meta.yaml except models and .trash. */
    public List<Path> experimentDirs() {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !NOT_EXPERIMENTS.contains(p.getFileName().toString()))
                    .filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** The folder of run {@code runId} in whichever experiment holds it. */
    public Path runDir(String runId) {
        for (Path exp : experimentDirs()) {
            Path r = exp.resolve(runId);
            if (Files.isRegularFile(r.resolve("meta.yaml"))) return r;
        }
        throw new RegistryException("run " + runId + " not found in " + root);
    }

    /**
     * The folder of run {@code runId} in any top-level folder that holds it, also one without a
     * {@code meta.yaml} (a store copied by hand); null when there is none.
     */
    public Path runDirIfAny(String runId) {
        if (!Files.isDirectory(root)) return null;
        try (Stream<Path> s = Files.list(root)) {
            for (Path exp : s.sorted().toList()) {
                if (NOT_EXPERIMENTS.contains(exp.getFileName().toString())) continue;
                if (Files.isDirectory(exp.resolve(runId))) return exp.resolve(runId);
            }
        } catch (IOException e) {
            throw io(e);
        }
        return null;
    }

    /** The folder of registered model {@code name} (which need not exist). */
    public Path modelDir(String name) {
        if (name.contains("/") || name.contains("%") || name.isBlank()) {
            throw new RegistryException(
                    "invalid registered model name '" + name + "': no '/', no '%', not blank");
        }
        return root.resolve("models").resolve(name);
    }

    /** The folder of version {@code version} of {@code name} (which need not exist). */
    public Path versionDir(String name, String version) {
        return modelDir(name).resolve("version-" + version);
    }

    /** The version folders of {@code name} that hold a meta.yaml, in no particular order. */
    public List<Path> versionDirs(String name) {
        Path dir = modelDir(name);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("version-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .toList();
        } catch (IOException e) {
            throw io(e);
        }
    }

    /** The version number of a {@code version-<N>} folder. */
    public static long versionOf(Path versionDir) {
        return Long.parseLong(versionDir.getFileName().toString().substring("version-".length()));
    }

    /** The file of {@code key} below {@code dir} ('/' in the key makes sub-folders). */
    public static Path keyPath(Path dir, String key) {
        if (key.isBlank() || key.startsWith("/") || key.contains("..")) {
            throw new RegistryException("invalid key or artifact path '" + key + "'");
        }
        return dir.resolve(key);
    }

    /** Key → file content of every file below {@code dir}, keys '/'-joined as MLflow reads them. */
    public static Map<String, String> readKeyFiles(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(
                        dir.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw io(e);
        }
        return out;
    }

    /**
     * The top-level scalar values of a {@code meta.yaml} as PyYAML's {@code safe_dump} writes them
     * ({@code key: value}, quoted or plain; nested blocks and continuation lines are skipped;
     * {@code null}/{@code ~}/empty give null). Enough for the registry's own fields ({@code
     * run_id}, {@code source}, {@code creation_timestamp}, {@code version}).
     */
    public static Map<String, Object> topLevelScalars(Path yaml) {
        if (!Files.isRegularFile(yaml)) throw new RegistryException(yaml + " does not exist");
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (String l : Files.readAllLines(yaml, StandardCharsets.UTF_8)) {
                int colon = l.indexOf(": ");
                if (l.isEmpty() || Character.isWhitespace(l.charAt(0)) || l.startsWith("-")) {
                    continue;
                }
                if (colon < 0) {
                    if (l.endsWith(":")) out.put(l.substring(0, l.length() - 1), null);
                    continue;
                }
                out.put(l.substring(0, colon), scalar(l.substring(colon + 2).trim()));
            }
        } catch (IOException e) {
            throw io(e);
        }
        return out;
    }

    private static String scalar(String v) {
        if (v.isEmpty() || v.equals("null") || v.equals("~")) return null;
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    static RegistryException io(IOException e) {
        return new RegistryException("local MLflow store I/O error: " + e.getMessage(), e);
    }
}
