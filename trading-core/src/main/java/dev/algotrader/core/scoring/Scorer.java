package dev.algotrader.core.scoring;

import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import java.util.List;

/**
 * Scores feature rows with a trained model, outside any engine. Pointwise models have {@link
 * #window()} 1; sequence models need the last {@code window()} rows of one symbol, oldest first,
 * which the caller keeps.
 */
public interface Scorer {

    /** Registered model name, e.g. {@code btc-usd_1m_rf}. */
    String modelName();

    /** Registered model version. */
    String modelVersion();

    /** The feature set the model was trained on; rows of another set are refused. */
    FeatureSetSpec featureSet();

    /** Number of consecutive rows of one symbol needed per score (1 for tree models). */
    default int window() {
        return 1;
    }

    /** Probability that the label of the newest row is UP. */
    double probabilityUp(List<FeatureRow> window);

    /** Throws when {@code row} belongs to another feature set. */
    default void checkFeatureSet(FeatureRow row) {
        if (!featureSet().id().equals(row.featureSetId())) {
            throw new IllegalArgumentException(
                    "model "
                            + modelName()
                            + " v"
                            + modelVersion()
                            + " was trained on feature set "
                            + featureSet().id()
                            + " but the row has "
                            + row.featureSetId()
                            + ": recompute features or pick a matching model");
        }
        if (row.values().length != featureSet().featureNames().size()) {
            throw new IllegalArgumentException(
                    "feature row has "
                            + row.values().length
                            + " values, feature set "
                            + featureSet().id()
                            + " has "
                            + featureSet().featureNames().size());
        }
    }
}
