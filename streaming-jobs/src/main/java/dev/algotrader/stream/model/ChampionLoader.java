package dev.algotrader.stream.model;

import dev.algotrader.core.scoring.Scorer;
import java.io.Serializable;

/**
 * Turns a registered champion version into a {@link Scorer}: the part of {@link
 * RegistryChampionSource} that depends on the model type. The default ({@link
 * RegistryChampionSource#portableLoader}) reads the portable tree artifact {@code
 * model/portable.json} with trading-core only, which is all the shaded {@code flink run} jar can
 * do. Callers with more on their classpath inject another loader: the control plane supplies one
 * backed by ml-jobs' {@code RegistryScorers} (LSTM, attention and ensemble champions too) through
 * {@code TraderRunner.Options#withChampionLoader}.
 *
 * <p>Serializable: it travels with the job to every trading operator, so it holds locations and
 * settings only and builds clients and models where it runs.
 */
@FunctionalInterface
public interface ChampionLoader extends Serializable {

    /** The scorer of {@code ref}; throws when the artifact is missing, corrupt or unsupported. */
    Scorer load(ModelRef ref) throws Exception;
}
