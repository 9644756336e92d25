package dev.algotrader.cli;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.Home;
import java.net.URI;
import java.time.Duration;

/** The {@code algotrader.control} keys (conf/defaults/control.conf) bound into records. */
public record ControlSettings(Airflow airflow, Flink flink) {

    /** Airflow REST API settings. */
    public record Airflow(
            URI baseUrl,
            int maxAttempts,
            Duration retryBackoff,
            Duration requestTimeout,
            Duration pollInterval,
            Duration waitTimeout) {}

    /** Flink session cluster settings. */
    public record Flink(
            URI restUrl,
            int maxAttempts,
            Duration retryBackoff,
            Duration requestTimeout,
            String savepointDir,
            Duration savepointTimeout,
            int parallelism,
            String traderJar,
            String entryClass,
            java.util.List<String> programArgs) {}

    public static ControlSettings from(AppConfig config) {
        Config c = config.area("control");
        Config a = c.getConfig("airflow");
        Config f = c.getConfig("flink");
        return new ControlSettings(
                new Airflow(
                        url(a.getString("base-url"), "algotrader.control.airflow.base-url"),
                        a.getInt("max-attempts"),
                        Duration.ofMillis(a.getLong("retry-backoff-ms")),
                        Duration.ofSeconds(a.getLong("request-timeout-s")),
                        Duration.ofSeconds(a.getLong("poll-interval-s")),
                        Duration.ofSeconds(a.getLong("wait-timeout-s"))),
                new Flink(
                        url(f.getString("rest-url"), "algotrader.control.flink.rest-url"),
                        f.getInt("max-attempts"),
                        Duration.ofMillis(f.getLong("retry-backoff-ms")),
                        Duration.ofSeconds(f.getLong("request-timeout-s")),
                        f.getString("savepoint-dir"),
                        Duration.ofSeconds(f.getLong("savepoint-timeout-s")),
                        f.getInt("parallelism"),
                        f.getString("trader-jar"),
                        f.getString("entry-class"),
                        f.getStringList("program-args")));
    }

    /**
     * A file of the installation (the trader jar): absolute as is, relative under the folder {@code
     * bin/algo-trader} is installed in ({@code -Dalgotrader.install-dir}, set by the launcher),
     * else under the home; never under the working directory.
     */
    public static java.nio.file.Path installed(AppConfig config, String key, String path) {
        String install = System.getProperty("algotrader.install-dir");
        if (install != null && !install.isBlank() && Home.isRelativePath(path)) {
            return Home.of(java.nio.file.Path.of(install)).path(key, path);
        }
        return config.home().path(key, path);
    }

    static URI url(String s, String key) {
        try {
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) throw new IllegalArgumentException();
            return u;
        } catch (IllegalArgumentException e) {
            throw new UserError(
                    key + " = '" + s + "' is not a URL: use e.g. http://host:port (see conf/)");
        }
    }
}
