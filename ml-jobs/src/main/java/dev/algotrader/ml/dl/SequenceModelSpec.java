package dev.algotrader.ml.dl;

import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Everything besides the weights that scoring needs, stored as the sidecar {@code
 * sequence-model.json} next to the DL4J model: model type, window length, position features,
 * feature set, and the normaliser fitted on the training rows.
 */
public record SequenceModelSpec(
        int format,
        String modelType,
        int window,
        int positionalDims,
        String featureSetName,
        int featureSetVersion,
        List<String> featureNames,
        String dataType,
        String symbol,
        String interval,
        ZScoreNormalizer normalizer,
        long seed,
        int epochsRun,
        int bestEpoch) {

    /** Current sidecar format. */
    public static final int FORMAT = 1;

    public SequenceModelSpec {
        featureNames = List.copyOf(featureNames);
        if (normalizer.features() != featureNames.size()) {
            throw new IllegalArgumentException("normaliser and feature set differ in width");
        }
    }

    public FeatureSetSpec featureSet() {
        return new FeatureSetSpec(featureSetName, featureSetVersion, featureNames);
    }

    public SequenceArchitecture architecture() {
        return SequenceArchitecture.of(modelType);
    }

    DataType nd4jDataType() {
        return dataType.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
    }
}
