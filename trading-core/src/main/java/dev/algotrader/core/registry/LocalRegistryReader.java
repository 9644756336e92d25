package dev.algotrader.core.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The registry in MLflow's file-store layout ({@code mlruns/}): {@code
 * models/<name>/aliases/<alias>} holds a version, {@code models/<name>/version-<N>/meta.yaml} its
 * {@code run_id} and {@code source}, {@code version-<N>/tags/} its tags; a run's artifacts are
 * below {@code <exp>/<run>/artifacts/}. See {@link MlflowFileLayout}.
 */
public final class LocalRegistryReader implements RegistryReader {

    private final MlflowFileLayout layout;
    private final Function<Path, Map<String, Object>> meta;

    /** A reader that parses the registry's {@code meta.yaml} fields line by line. */
    public LocalRegistryReader(Path root) {
        this(root, MlflowFileLayout::topLevelScalars);
    }

    /**
     * @param meta how a {@code meta.yaml} is read (the Researcher's store passes its full YAML
     *     reader, the one it writes with)
     */
    public LocalRegistryReader(Path root, Function<Path, Map<String, Object>> meta) {
        this.layout = new MlflowFileLayout(root);
        this.meta = meta;
    }

    public MlflowFileLayout layout() {
        return layout;
    }

    @Override
    public String describe() {
        return layout.root().toString();
    }

    @Override
    public Map<String, String> aliases(String model) {
        Map<String, String> out = new TreeMap<>();
        MlflowFileLayout.readKeyFiles(layout.modelDir(model).resolve("aliases"))
                .forEach((a, v) -> out.put(a, v.strip()));
        return out;
    }

    @Override
    public Optional<RegisteredVersion> version(String model, String version) {
        Path vdir = layout.versionDir(model, version);
        if (!Files.isRegularFile(vdir.resolve("meta.yaml"))) return Optional.empty();
        Map<String, Object> m = meta.apply(vdir.resolve("meta.yaml"));
        List<String> aliases = new ArrayList<>();
        aliases(model)
                .forEach(
                        (a, v) -> {
                            if (v.equals(version)) aliases.add(a);
                        });
        return Optional.of(
                new RegisteredVersion(
                        model,
                        version,
                        string(m, "run_id", ""),
                        string(m, "source", null),
                        number(m, "creation_timestamp"),
                        MlflowFileLayout.readKeyFiles(vdir.resolve("tags")),
                        aliases));
    }

    @Override
    public List<RegisteredVersion> versions(String model) {
        List<RegisteredVersion> out = new ArrayList<>();
        for (Path p : layout.versionDirs(model)) {
            version(model, Long.toString(MlflowFileLayout.versionOf(p))).ifPresent(out::add);
        }
        out.sort(Comparator.comparingLong(m -> Long.parseLong(m.version())));
        return out;
    }

    @Override
    public List<String> models() {
        Path dir = layout.root().resolve("models");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw MlflowFileLayout.io(e);
        }
    }

    @Override
    public byte[] artifact(String runId, String artifactPath) {
        Path run = layout.runDirIfAny(runId);
        Path f =
                run == null
                        ? null
                        : MlflowFileLayout.keyPath(run.resolve("artifacts"), artifactPath);
        if (f == null || !Files.isRegularFile(f)) {
            throw new RegistryException(
                    "run " + runId + " has no artifact " + artifactPath + " in " + layout.root());
        }
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw MlflowFileLayout.io(e);
        }
    }

    private static String string(Map<String, Object> m, String key, String absent) {
        Object v = m.get(key);
        return v == null ? absent : v.toString();
    }

    private static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) return n.longValue();
        try {
            return v == null ? 0 : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
