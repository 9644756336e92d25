package dev.algotrader.ml.tracking;

import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.mlflow.MlflowEndpoint;
import dev.algotrader.ml.ResearchConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the configured tracking store: the MLflow server when a URI is set, else ./mlruns. */
public final class Tracking {

    private static final Logger LOG = LoggerFactory.getLogger(Tracking.class);

    private Tracking() {}

    /**
     * {@link MlflowRestStore} when {@code mlflow.tracking-uri} (or {@code MLFLOW_TRACKING_URI}) is
     * {@code http(s)://…} (with the credentials of {@link MlflowEndpoint}; run ends remembered
     * while the server was gone are closed now), {@link LocalMlflowStore} under {@code
     * mlflow.local-dir} when it is empty. Relative local dirs resolve against {@code baseDir}.
     * Every store is wrapped so that params and tags are redacted before they are written.
     */
    public static TrackingStore open(ResearchConfig.Mlflow cfg, Path baseDir, Clock clock) {
        Secrets secrets = new Secrets(cfg.env());
        return new RedactingTrackingStore(openRaw(cfg, baseDir, clock), secrets);
    }

    private static TrackingStore openRaw(ResearchConfig.Mlflow cfg, Path baseDir, Clock clock) {
        String uri = cfg.trackingUri();
        if (uri == null || uri.isBlank()) {
            Path dir = Path.of(cfg.localDir());
            if (!dir.isAbsolute() && baseDir != null) dir = baseDir.resolve(dir);
            return new LocalMlflowStore(dir, clock);
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            MlflowEndpoint ep;
            try {
                ep = MlflowEndpoint.of(uri, cfg.env());
            } catch (IllegalArgumentException e) {
                throw new TrackingException(e.getMessage());
            }
            PendingRunEnds pending =
                    cfg.dataRoot() == null ? null : PendingRunEnds.under(cfg.dataRoot());
            MlflowRestStore store = new MlflowRestStore(ep, cfg.timeout(), clock, pending);
            if (pending != null && pending.count(ep.uri()) > 0) {
                try {
                    int n = store.closePendingRunEnds();
                    if (n > 0) LOG.info("closed {} run(s) left open while {} was gone", n, ep);
                } catch (RuntimeException e) {
                    LOG.warn("could not close the remembered run ends on {}", ep, e);
                }
            }
            return store;
        }
        if (lower.startsWith("file:")) {
            return new LocalMlflowStore(Path.of(java.net.URI.create(uri)), clock);
        }
        throw new TrackingException(
                "unsupported MLFLOW_TRACKING_URI '"
                        + Secrets.maskUserInfo(uri)
                        + "': use http(s)://host:port, or leave it empty for the local ./mlruns");
    }

    /** The {@link MlflowRestStore} inside {@code store}, or null for other stores. */
    public static MlflowRestStore restStore(TrackingStore store) {
        TrackingStore s = store instanceof RedactingTrackingStore r ? r.unwrap() : store;
        return s instanceof MlflowRestStore m ? m : null;
    }
}
