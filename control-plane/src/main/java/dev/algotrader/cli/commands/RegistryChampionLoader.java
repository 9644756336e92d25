package dev.algotrader.cli.commands;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.ml.dl.RegistryScorers;
import dev.algotrader.ml.registry.Registry;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.MlflowRestStore;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The trader's champion loader when it runs from the control plane (embedded MiniCluster): ml-jobs'
 * {@link RegistryScorers} picks the scorer by the version's {@code model_type} tag, so tree ({@code
 * rf}, {@code gbt}: {@code model/portable.json}), sequence ({@code lstm}, {@code attention}: {@code
 * model.zip} + {@code sequence-model.json}) and {@code ensemble} champions all trade. The
 * standalone {@code flink run} jar has no ml-jobs (no Spark, no DL4J) and keeps the portable tree
 * loader.
 *
 * <p>Serializable for Flink: it holds the registry location only and opens the tracking store
 * (local MLflow layout or MLflow server) on first use in each operator.
 */
public final class RegistryChampionLoader implements ChampionLoader {

    private final String registry;
    private final String eventsFile;
    private final long timeoutMillis;
    private transient Registry opened;

    /**
     * @param registry {@code trader.champion.registry}: a local store folder or an {@code http(s)}
     *     MLflow tracking URI
     * @param eventsFile the audit log (the registry writes nothing when it only loads)
     */
    public RegistryChampionLoader(String registry, Path eventsFile, Duration timeout) {
        this.registry = registry;
        this.eventsFile = eventsFile.toString();
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public Scorer load(ModelRef ref) {
        return RegistryScorers.load(registry(), ref.name(), ref.version());
    }

    private synchronized Registry registry() {
        if (opened == null) {
            boolean http = registry.startsWith("http://") || registry.startsWith("https://");
            TrackingStore store =
                    http
                            ? new MlflowRestStore(
                                    registry, Duration.ofMillis(timeoutMillis), Clock.systemUTC())
                            : new LocalMlflowStore(Path.of(registry), Clock.systemUTC());
            opened = new Registry(store, EventLog.at(Path.of(eventsFile)));
        }
        return opened;
    }
}
