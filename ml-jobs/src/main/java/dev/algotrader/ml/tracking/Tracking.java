package dev.algotrader.ml.tracking;

import dev.algotrader.ml.ResearchConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/** Opens the configured tracking store: the MLflow server when a URI is set, else ./mlruns. */
public final class Tracking {

    private Tracking() {}

    /**
     * {@link MlflowRestStore} when {@code mlflow.tracking-uri} (or {@code MLFLOW_TRACKING_URI}) is
     * {@code http(s)://…}, {@link LocalMlflowStore} under {@code mlflow.local-dir} when it is
     * empty. Relative local dirs resolve against {@code baseDir}.
     */
    public static TrackingStore open(ResearchConfig.Mlflow cfg, Path baseDir, Clock clock) {
        String uri = cfg.trackingUri();
        if (uri == null || uri.isBlank()) {
            Path dir = Path.of(cfg.localDir());
            if (!dir.isAbsolute() && baseDir != null) dir = baseDir.resolve(dir);
            return new LocalMlflowStore(dir, clock);
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new MlflowRestStore(uri, cfg.timeout(), clock);
        }
        if (lower.startsWith("file:")) {
            return new LocalMlflowStore(Path.of(java.net.URI.create(uri)), clock);
        }
        throw new TrackingException(
                "unsupported MLFLOW_TRACKING_URI '"
                        + uri
                        + "': use http(s)://host:port, or leave it empty for the local ./mlruns");
    }
}
