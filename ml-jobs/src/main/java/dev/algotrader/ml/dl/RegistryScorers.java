package dev.algotrader.ml.dl;

import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.ml.ensemble.EnsembleIO;
import dev.algotrader.ml.ensemble.EnsembleModel;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scorer factory by model type over the registry: the {@code model_type} tag of a registered
 * version picks the loader — tree models through {@link Registry#loadScorer}, {@code lstm} and
 * {@code attention} from the run's {@code model/} artifacts ({@code model.zip} + {@code
 * sequence-model.json}), {@code ensemble} from {@code model/ensemble.json} with its bases loaded
 * the same way. What the trader and the promotion rule call for a champion of any type.
 */
public final class RegistryScorers {

    private RegistryScorers() {}

    /** The scorer of {@code name} at an alias ({@code champion}) or a version number. */
    public static Scorer load(Registry registry, String name, String aliasOrVersion) {
        TrackingStore store = registry.store();
        RegisteredVersion v =
                registry.version(name, aliasOrVersion, "train and promote a model first");
        String version = v.version();
        String type = v.tags().getOrDefault("model_type", "");
        if (!ForecasterScorers.handles(type)) return registry.loadScorer(name, version);
        Path tmp;
        try {
            tmp = Files.createTempDirectory("algotrader-scorer-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
        try {
            if (type.equals(EnsembleModel.MODEL_TYPE)) {
                download(
                        store, v.runId(), "model/" + EnsembleIO.FILE, tmp.resolve(EnsembleIO.FILE));
                return EnsembleIO.load(
                        tmp, name, version, ref -> load(registry, ref.name(), ref.version()));
            }
            download(
                    store,
                    v.runId(),
                    "model/" + SequenceModelIO.MODEL_FILE,
                    tmp.resolve(SequenceModelIO.MODEL_FILE));
            download(
                    store,
                    v.runId(),
                    "model/" + SequenceModelIO.SPEC_FILE,
                    tmp.resolve(SequenceModelIO.SPEC_FILE));
            return ForecasterScorers.load(type, tmp, name, version, null);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void download(TrackingStore store, String runId, String artifact, Path to) {
        try {
            Files.write(to, store.downloadArtifact(runId, artifact));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
