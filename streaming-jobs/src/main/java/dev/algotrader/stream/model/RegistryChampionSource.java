package dev.algotrader.stream.model;

import dev.algotrader.core.registry.RegistryException;
import dev.algotrader.core.registry.RegistryReader;
import dev.algotrader.core.scoring.Scorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The champion from the model registry the Researcher writes, read through trading-core's {@link
 * RegistryReader} (the local MLflow-layout store or an MLflow server, the same reader the
 * Researcher's tracking stores use). How a version becomes a scorer is a {@link ChampionLoader}: by
 * default the portable tree artifact ({@code model/portable.json} of the version's run); the
 * control plane injects one that also loads sequence and ensemble champions.
 *
 * <p>Server calls carry the credentials of {@link dev.algotrader.core.mlflow.MlflowEndpoint} (read
 * from the environment of the process that makes the call, so the job graph never holds them). A
 * failure is an {@link IOException} whose message is one line without credentials that says what to
 * check.
 */
public final class RegistryChampionSource implements ChampionSource {

    /** Artifact path of the portable scorer inside a run (the Researcher's registry contract). */
    public static final String PORTABLE_ARTIFACT = RegistryReader.PORTABLE_ARTIFACT;

    private final String registry;
    private final String modelName;
    private final String alias;
    private final ChampionLoader loader;
    private final HashMap<String, String> env;

    /**
     * Tree champions only (the portable artifact).
     *
     * @param registry a folder (local store) or an {@code http(s)://} MLflow tracking URI
     */
    public RegistryChampionSource(String registry, String modelName, String alias) {
        this(registry, modelName, alias, null);
    }

    /**
     * @param loader how a version becomes a scorer (null: {@link #portableLoader})
     */
    public RegistryChampionSource(
            String registry, String modelName, String alias, ChampionLoader loader) {
        this(registry, modelName, alias, loader, null);
    }

    /**
     * @param env the {@code MLFLOW_TRACKING_*} variables to use instead of the environment of the
     *     process that calls the server (tests); null for that environment
     */
    public RegistryChampionSource(
            String registry,
            String modelName,
            String alias,
            ChampionLoader loader,
            Map<String, String> env) {
        this.registry = registry;
        this.modelName = modelName;
        this.alias = alias;
        this.env = env == null ? null : new HashMap<>(env);
        this.loader = loader != null ? loader : new PortableLoader(registry, this.env);
    }

    /** The default loader: {@code model/portable.json} of the version's run (tree models). */
    public static ChampionLoader portableLoader(String registry) {
        return new PortableLoader(registry, null);
    }

    @Override
    public Optional<ModelRef> champion() throws IOException {
        try {
            return reader(registry, env)
                    .atAlias(modelName, alias)
                    .map(v -> new ModelRef(modelName, v.version(), v.runId()));
        } catch (RegistryException e) {
            throw failure(e);
        }
    }

    @Override
    public Scorer load(ModelRef ref) throws Exception {
        return loader.load(ref);
    }

    /** Reads the portable tree artifact from the local store or the MLflow server. */
    private static final class PortableLoader implements ChampionLoader {
        private final String registry;
        private final HashMap<String, String> env;

        PortableLoader(String registry, HashMap<String, String> env) {
            this.registry = registry;
            this.env = env;
        }

        @Override
        public Scorer load(ModelRef ref) throws Exception {
            byte[] json;
            try {
                json = reader(registry, env).artifact(ref.location(), PORTABLE_ARTIFACT);
            } catch (RegistryException e) {
                throw failure(e);
            }
            return PortableScorers.read(new String(json, StandardCharsets.UTF_8), ref.version());
        }
    }

    private static RegistryReader reader(String registry, Map<String, String> env) {
        return RegistryReader.open(registry, env == null ? System.getenv() : env);
    }

    private static IOException failure(RegistryException e) {
        return new IOException(
                e.unreachable()
                        ? e.getMessage()
                                + ": start it, or check algotrader.trader.champion.registry"
                        : e.getMessage(),
                e);
    }
}
