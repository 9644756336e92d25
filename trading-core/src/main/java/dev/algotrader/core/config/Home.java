package dev.algotrader.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The one folder ({@code algotrader.home}) every relative path of the configuration resolves
 * against: the system property {@code algotrader.home}, else the environment variable {@code
 * ALGOTRADER_HOME}, else unknown (the launcher {@code bin/algo-trader} always passes its
 * installation folder). The working directory is never used: a relative path without a home is an
 * error that says how to set one. Absolute paths stay as given, and so do URIs ({@code file:},
 * {@code s3a:}, {@code hdfs:}, {@code http:} …) where a setting accepts one.
 */
public final class Home {

    /** System property naming the home (the launcher sets it). */
    public static final String PROPERTY = "algotrader.home";

    /** Environment variable naming the home when the property is absent. */
    public static final String ENV = "ALGOTRADER_HOME";

    /** A scheme of two or more characters: {@code C:\x} is not a URI, {@code s3a://b/x} is. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final Path dir;
    private final String origin;

    private Home(Path dir, String origin) {
        this.dir = dir;
        this.origin = origin;
    }

    /** The home of this JVM: {@code -Dalgotrader.home}, else {@code $ALGOTRADER_HOME}. */
    public static Home locate() {
        return locate(System.getProperties(), System.getenv());
    }

    /** As {@link #locate()} from the given properties and environment (tests pass their own). */
    public static Home locate(Properties props, Map<String, String> env) {
        String p = props.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            // the launcher says where it took the home from
            return at(p, props.getProperty(PROPERTY + ".origin", "system property " + PROPERTY));
        }
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return at(e, "environment variable " + ENV);
        return new Home(null, "none");
    }

    /** A home given explicitly (e.g. {@code TraderMain --home DIR}); must be absolute. */
    public static Home of(Path dir) {
        return at(dir.toString(), "--home");
    }

    /** No home: every relative path is an error. */
    public static Home unknown() {
        return new Home(null, "none");
    }

    private static Home at(String value, String origin) {
        Path p = Path.of(value);
        if (!p.isAbsolute()) {
            throw new AppConfig.ConfigError(
                    "the home folder from "
                            + origin
                            + " ('"
                            + value
                            + "') must be an absolute path: e.g. "
                            + ENV
                            + "=/opt/algo-trader");
        }
        return new Home(p.normalize(), origin);
    }

    /** The folder, or empty when none was set. */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** Where the home came from ({@code system property algotrader.home}, …, or {@code none}). */
    public String origin() {
        return origin;
    }

    /** True for values like {@code s3a://bucket/x}, {@code file:/x}, {@code http://h:5000}. */
    public static boolean isUri(String value) {
        return URI_SCHEME.matcher(value).matches();
    }

    /**
     * The local path of setting {@code key}: absolute as given, {@code file:} URIs as their path,
     * relative under the home; other URIs and a relative path without a home are a {@link
     * AppConfig.ConfigError} that says what to do.
     */
    public Path path(String key, String value) {
        if (isUri(value)) {
            if (value.regionMatches(true, 0, "file:", 0, 5)) {
                try {
                    return Path.of(URI.create(value)).normalize();
                } catch (IllegalArgumentException e) {
                    throw new AppConfig.ConfigError(
                            key
                                    + " = '"
                                    + value
                                    + "' is not a valid file: URI (use file:///abs/path)");
                }
            }
            throw new AppConfig.ConfigError(
                    key
                            + " = '"
                            + value
                            + "' is a URI, but this setting needs a local or shared-filesystem"
                            + " path (an absolute path, a path under the home, or file:///…)");
        }
        Path p = Path.of(value);
        if (p.isAbsolute()) return p.normalize();
        if (dir == null) throw missing(key, value);
        return dir.resolve(p).normalize();
    }

    /**
     * Setting {@code key} where a URI is also accepted: a URI as given, else {@link #path} as a
     * string.
     */
    public String location(String key, String value) {
        if (isUri(value)) return value;
        return path(key, value).toString();
    }

    /** True when {@code value} needs a home to mean anything (relative, not a URI). */
    public static boolean isRelativePath(String value) {
        return !value.isBlank() && !isUri(value) && !Path.of(value).isAbsolute();
    }

    /** The error for a relative path with no home: names the setting and every way to fix it. */
    public static AppConfig.ConfigError missing(String key, String value) {
        return new AppConfig.ConfigError(
                key
                        + " = '"
                        + value
                        + "' is relative and no home is set: run bin/algo-trader (it sets the"
                        + " home), or set "
                        + ENV
                        + "=/abs/dir or -D"
                        + PROPERTY
                        + "=/abs/dir (spark-submit: --conf"
                        + " spark.driver.extraJavaOptions=-D"
                        + PROPERTY
                        + "=/abs/dir), or give an absolute path");
    }

    @Override
    public String toString() {
        return dir == null ? "(not set)" : dir.toString();
    }
}
