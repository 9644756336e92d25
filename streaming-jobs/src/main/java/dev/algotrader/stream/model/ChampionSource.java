package dev.algotrader.stream.model;

import dev.algotrader.core.scoring.Scorer;
import java.io.Serializable;
import java.util.Optional;

/**
 * Where the trader finds the current champion: the model registry alias {@code champion} (local
 * MLflow-layout store or an MLflow server). Serializable so every operator can load a version it is
 * told about; implementations hold locations, never loaded models or credentials.
 */
public interface ChampionSource extends Serializable {

    /** The version the alias points at now, or empty when there is no champion yet. */
    Optional<ModelRef> champion() throws Exception;

    /** Loads the scorer of {@code ref}; throws when the artifact is missing or corrupt. */
    Scorer load(ModelRef ref) throws Exception;

    /** No registry: the trader runs model-free strategies (baselines) only. */
    static ChampionSource none() {
        return new ChampionSource() {
            @Override
            public Optional<ModelRef> champion() {
                return Optional.empty();
            }

            @Override
            public Scorer load(ModelRef ref) {
                throw new IllegalStateException("no model registry configured");
            }
        };
    }
}
