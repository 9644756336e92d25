package dev.algotrader.ml.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.ml.ensemble.EnsembleModel.BaseModelRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Saves an ensemble as a folder with {@code ensemble.json} (model type, base model references,
 * coefficients) and loads it back with a resolver that turns each base reference into its scorer
 * (the registry's loader by model type).
 */
public final class EnsembleIO {

    /** The ensemble file inside a model folder. */
    public static final String FILE = "ensemble.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnsembleIO() {}

    /** Writes {@code model} into {@code dir}. */
    public static void save(EnsembleModel model, Path dir) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", EnsembleModel.FORMAT);
        doc.put("modelType", EnsembleModel.MODEL_TYPE);
        doc.put("model", model);
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve(FILE).toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save ensemble to " + dir, e);
        }
    }

    /** Reads the ensemble in {@code dir}. */
    public static EnsembleModel read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(
                    "no ensemble in " + dir + " (" + FILE + " is missing)");
        }
        try {
            var tree = JSON.readTree(f.toFile());
            if (tree.path("format").asInt() != EnsembleModel.FORMAT) {
                throw new IllegalArgumentException(
                        "ensemble in "
                                + dir
                                + " has format "
                                + tree.path("format").asInt()
                                + ", this build reads "
                                + EnsembleModel.FORMAT
                                + ": retrain it");
            }
            return JSON.treeToValue(tree.get("model"), EnsembleModel.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Loads a scorer for the ensemble in {@code dir}, resolving its bases with {@code bases}. */
    public static EnsembleScorer load(
            Path dir, String name, String version, Function<BaseModelRef, Scorer> bases) {
        EnsembleModel m = read(dir);
        List<Scorer> scorers = new ArrayList<>();
        for (BaseModelRef r : m.baseModels()) scorers.add(bases.apply(r));
        return new EnsembleScorer(name, version, m, scorers);
    }
}
