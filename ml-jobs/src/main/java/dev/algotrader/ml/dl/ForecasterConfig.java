package dev.algotrader.ml.dl;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import java.io.Serializable;
import java.util.List;

/** Settings of the sequence models, bound from {@code algotrader.forecaster}. */
public record ForecasterConfig(
        List<String> models,
        int window,
        int hiddenSize,
        int attentionHeads,
        int positionalDims,
        int maxEpochs,
        int patience,
        int batchSize,
        double learningRate,
        double l2,
        double validationFraction,
        String dataType,
        long seed,
        boolean ensembleEnabled,
        double ensembleL2)
        implements Serializable {

    public ForecasterConfig {
        models = List.copyOf(models);
        for (String m : models) SequenceArchitecture.of(m);
        require(window >= 1, "window must be >= 1, got " + window);
        require(hiddenSize >= 1, "hidden-size must be >= 1");
        require(
                attentionHeads >= 1 && hiddenSize % attentionHeads == 0,
                "hidden-size (" + hiddenSize + ") must be divisible by attention-heads");
        require(
                positionalDims >= 0 && positionalDims % 2 == 0,
                "positional-dims must be an even number >= 0");
        require(maxEpochs >= 1 && patience >= 1 && batchSize >= 1, "epochs, patience, batch >= 1");
        require(learningRate > 0 && l2 >= 0 && ensembleL2 >= 0, "learning rate > 0, l2 >= 0");
        require(
                validationFraction > 0 && validationFraction < 0.5,
                "validation-fraction must be in (0, 0.5)");
        require(
                dataType.equals("float") || dataType.equals("double"),
                "data-type must be \"float\" or \"double\", got \"" + dataType + "\"");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("algotrader.forecaster: " + message);
    }

    /** Binds {@code algotrader.forecaster} of the resolved configuration. */
    public static ForecasterConfig from(AppConfig config) {
        Config c = config.area("forecaster");
        return new ForecasterConfig(
                c.getStringList("models"),
                c.getInt("window"),
                c.getInt("hidden-size"),
                c.getInt("attention-heads"),
                c.getInt("positional-dims"),
                c.getInt("max-epochs"),
                c.getInt("patience"),
                c.getInt("batch-size"),
                c.getDouble("learning-rate"),
                c.getDouble("l2"),
                c.getDouble("validation-fraction"),
                c.getString("data-type"),
                c.getLong("seed"),
                c.getBoolean("ensemble.enabled"),
                c.getDouble("ensemble.l2"));
    }

    /** A copy with another window length. */
    public ForecasterConfig withWindow(int w) {
        return new ForecasterConfig(
                models,
                w,
                hiddenSize,
                attentionHeads,
                positionalDims,
                maxEpochs,
                patience,
                batchSize,
                learningRate,
                l2,
                validationFraction,
                dataType,
                seed,
                ensembleEnabled,
                ensembleL2);
    }

    /** A copy with another seed. */
    public ForecasterConfig withSeed(long s) {
        return new ForecasterConfig(
                models,
                window,
                hiddenSize,
                attentionHeads,
                positionalDims,
                maxEpochs,
                patience,
                batchSize,
                learningRate,
                l2,
                validationFraction,
                dataType,
                s,
                ensembleEnabled,
                ensembleL2);
    }

    /** A copy with other epoch limits. */
    public ForecasterConfig withEpochs(int max, int pat) {
        return new ForecasterConfig(
                models,
                window,
                hiddenSize,
                attentionHeads,
                positionalDims,
                max,
                pat,
                batchSize,
                learningRate,
                l2,
                validationFraction,
                dataType,
                seed,
                ensembleEnabled,
                ensembleL2);
    }
}
