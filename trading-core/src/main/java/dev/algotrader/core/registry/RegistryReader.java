package dev.algotrader.core.registry;

import dev.algotrader.core.mlflow.MlflowEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to the model registry: aliases, versions and the artifacts of the runs that produced
 * them. One implementation a store kind: {@link LocalRegistryReader} (MLflow's file-store layout)
 * and {@link RestRegistryReader} (an MLflow server).
 */
public interface RegistryReader {

    /** Artifact path of the portable scorer inside a run (the Researcher's registry contract). */
    String PORTABLE_ARTIFACT = "model/portable.json";

    /** Where this registry is, for messages (a folder or the server URI, no credentials). */
    String describe();

    /** Alias → version of a registered model; empty when it has none or does not exist. */
    Map<String, String> aliases(String model);

    /** One version of a registered model, with its tags and aliases. */
    Optional<RegisteredVersion> version(String model, String version);

    /** All versions of a registered model, oldest first; empty when the model does not exist. */
    List<RegisteredVersion> versions(String model);

    /** Names of all registered models, sorted. */
    List<String> models();

    /** One artifact file of a run ({@code artifactPath} relative, '/'-separated). */
    byte[] artifact(String runId, String artifactPath);

    /** The version {@code alias} points to, if the model and the alias exist. */
    default Optional<RegisteredVersion> atAlias(String model, String alias) {
        String v = aliases(model).get(alias);
        return v == null ? Optional.empty() : version(model, v);
    }

    /** Whether {@code registry} names an MLflow server rather than a local store folder. */
    static boolean isServer(String registry) {
        return registry.startsWith("http://") || registry.startsWith("https://");
    }

    /**
     * The reader for {@code registry}: an {@code http(s)://} MLflow tracking URI (credentials and
     * TLS from the {@code MLFLOW_TRACKING_*} variables of {@code env}) or a local store folder.
     *
     * @throws RegistryException when the URI or the variables are invalid
     */
    static RegistryReader open(String registry, Map<String, String> env) {
        if (!isServer(registry)) return new LocalRegistryReader(Path.of(registry));
        try {
            return new RestRegistryReader(MlflowEndpoint.of(registry, env));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(e.getMessage());
        }
    }
}
