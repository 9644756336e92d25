package dev.algotrader.ml.dl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves and loads a sequence model as a folder: {@code model.zip} (DL4J {@link ModelSerializer},
 * without updater state) and {@code sequence-model.json} (the {@link SequenceModelSpec}).
 */
public final class SequenceModelIO {

    /** The DL4J model file inside a model folder. */
    public static final String MODEL_FILE = "model.zip";

    /** The sidecar spec inside a model folder. */
    public static final String SPEC_FILE = "sequence-model.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SequenceModelIO() {}

    /** Writes {@code model} into {@code dir} (created if needed). */
    public static void save(TrainedSequenceModel model, Path dir) {
        try {
            Files.createDirectories(dir);
            ModelSerializer.writeModel(model.network(), dir.resolve(MODEL_FILE).toFile(), false);
            JSON.writeValue(dir.resolve(SPEC_FILE).toFile(), model.spec());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sequence model to " + dir, e);
        }
    }

    /** Reads the sidecar spec of the model in {@code dir}. */
    public static SequenceModelSpec readSpec(Path dir) {
        Path spec = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException(
                    "no sequence model in " + dir + " (" + SPEC_FILE + " is missing)");
        }
        try {
            SequenceModelSpec s = JSON.readValue(spec.toFile(), SequenceModelSpec.class);
            if (s.format() != SequenceModelSpec.FORMAT) {
                throw new IllegalArgumentException(
                        "sequence model in "
                                + dir
                                + " has format "
                                + s.format()
                                + ", this build reads "
                                + SequenceModelSpec.FORMAT
                                + ": retrain it");
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec, e);
        }
    }

    /** Loads the model in {@code dir}. */
    public static TrainedSequenceModel load(Path dir) {
        SequenceModelSpec spec = readSpec(dir);
        try {
            MultiLayerNetwork net =
                    ModelSerializer.restoreMultiLayerNetwork(
                            dir.resolve(MODEL_FILE).toFile(), false);
            return new TrainedSequenceModel(spec, net);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(MODEL_FILE), e);
        }
    }
}
