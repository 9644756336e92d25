package dev.algotrader.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved configuration of one run: base defaults, the environment overlay and an optional
 * user file, validated so that unknown keys fail fast.
 *
 * <p>Lookup order for {@code base.conf} and overlays: the {@code confDir} argument, else the
 * directory named by {@code ALGOTRADER_CONF_DIR} (either must exist and hold base.conf or the
 * overlay: a typo is an error, not a silent fallback), else {@code conf/} of the installation
 * ({@code -Dalgotrader.home}), else the copy of {@code conf/} on the classpath. Environment
 * variables are read by {@code ${?VAR}} substitutions in the files themselves.
 */
public final class AppConfig {

    /** Environments that have an overlay file in {@code conf/}. */
    public static final Set<String> ENVIRONMENTS = Set.of("local", "paper", "live");

    /**
     * Sub-trees whose keys are free-form (user-defined names), exempt from the unknown-key check.
     */
    private static final List<String> OPEN_PATHS =
            List.of(
                    "algotrader.ingest.sources",
                    "algotrader.ingest.plausibility.symbols",
                    "algotrader.research.search.grids");

    /** Settings holding a local (or shared-filesystem) path; relative ones live under the home. */
    public static final List<String> PATH_KEYS =
            List.of(
                    "algotrader.data-root",
                    "algotrader.events-file",
                    "algotrader.reports-dir",
                    "algotrader.ingest.sample-data-dir",
                    "algotrader.research.mlflow.local-dir",
                    "algotrader.trader.bars",
                    "algotrader.trader.out-dir",
                    "algotrader.trader.state-dir",
                    "algotrader.trader.control-file",
                    "algotrader.control.flink.deployment-file",
                    "algotrader.kafka.trading-sink.checkpoint-dir",
                    "algotrader.ingest.follow.control-file",
                    "algotrader.ingest.follow.lock-dir");

    /** Settings holding a path or a URI (kept as given); empty means "none". */
    public static final List<String> LOCATION_KEYS =
            List.of(
                    "algotrader.trader.champion.registry",
                    "algotrader.control.flink.savepoint-dir");

    private final Config config;
    private final String environment;
    private final Home home;
    private final Map<String, String> processEnv;
    private final Path confDir;

    private AppConfig(Config config, String environment, Home home) {
        this(config, environment, home, System.getenv(), null);
    }

    private AppConfig(
            Config config,
            String environment,
            Home home,
            Map<String, String> processEnv,
            Path confDir) {
        this.config = config;
        this.environment = environment;
        this.home = home;
        this.processEnv = processEnv;
        this.confDir = confDir;
    }

    /**
     * The site configuration folder base.conf and the overlay came from, when one was named ({@code
     * --conf-dir} or {@code ALGOTRADER_CONF_DIR}); empty for the installation's {@code conf/} or
     * the classpath copy (the job jar carries the same files). A job submitted to a cluster gets
     * it, since the cluster's processes do not share the submitting shell's environment.
     */
    public java.util.Optional<Path> confDir() {
        return java.util.Optional.ofNullable(confDir);
    }

    /**
     * A copy whose {@link #processEnvironment} is {@code env}: the variables clients read beside
     * the configuration (MLflow credentials); the CLI passes its own so that tests can too.
     */
    public AppConfig withProcessEnvironment(Map<String, String> env) {
        return new AppConfig(config, environment, home, Map.copyOf(env), confDir);
    }

    /** The process environment for clients that read credentials from it (MLFLOW_TRACKING_*). */
    public Map<String, String> processEnvironment() {
        return processEnv;
    }

    /**
     * Loads {@code base + <env> overlay + userFile}; {@code confDir} and {@code userFile} may be
     * null.
     */
    public static AppConfig load(String environment, Path confDir, Path userFile) {
        return load(environment, confDir, userFile, Home.locate(), Map.of());
    }

    /**
     * Loads {@code base + <env> overlay + userFile + overrides} with paths under {@code home};
     * {@code overrides} (key to value, highest precedence) must name keys of base.conf.
     */
    public static AppConfig load(
            String environment,
            Path confDir,
            Path userFile,
            Home home,
            Map<String, String> overrides) {
        if (!ENVIRONMENTS.contains(environment)) {
            throw new ConfigError(
                    "unknown environment '"
                            + environment
                            + "': use one of "
                            + String.join(", ", ENVIRONMENTS.stream().sorted().toList()));
        }
        Path dir = confDir;
        String given = confDir == null ? null : "--conf-dir " + confDir;
        String envDir = System.getenv("ALGOTRADER_CONF_DIR");
        if (dir == null && envDir != null && !envDir.isBlank()) {
            dir = home.path("ALGOTRADER_CONF_DIR", envDir);
            given = "ALGOTRADER_CONF_DIR=" + envDir;
        }
        if (given != null) checkConfDir(dir, given, environment);
        if (dir == null
                && home.dir().isPresent()
                && Files.isRegularFile(home.dir().get().resolve("conf").resolve("base.conf"))) {
            // the installation's conf/, never the working directory's
            dir = home.dir().get().resolve("conf");
        }
        Config base = parse(dir, "base.conf", true);
        Config overlay = parse(dir, environment + ".conf", false);
        Config user = ConfigFactory.empty();
        if (userFile != null) {
            if (!Files.isRegularFile(userFile)) {
                throw new ConfigError("config file " + userFile + " does not exist");
            }
            user = ConfigFactory.parseFile(userFile.toFile(), strict());
        }
        Config over = ConfigFactory.parseMap(overrides, "overrides");
        List<String> unknown = new ArrayList<>();
        unknownKeys(overlay, base, environment + ".conf", unknown);
        unknownKeys(user, base, String.valueOf(userFile), unknown);
        unknownKeys(over, base, "--set", unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigError(
                    "unknown configuration key(s): "
                            + String.join(", ", unknown)
                            + " (every key must have a default in conf/base.conf; check the spelling)");
        }
        try {
            Config resolved =
                    over.withFallback(user)
                            .withFallback(overlay)
                            .withFallback(base)
                            .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
            return new AppConfig(
                    underHome(resolved, home),
                    environment,
                    home,
                    System.getenv(),
                    given == null ? null : dir.toAbsolutePath().normalize());
        } catch (ConfigException e) {
            throw new ConfigError("configuration is invalid: " + e.getMessage());
        }
    }

    /**
     * A configuration folder the user named must exist and hold {@code base.conf} or the overlay:
     * otherwise the run would silently use the built-in defaults.
     */
    private static void checkConfDir(Path dir, String given, String environment) {
        if (!Files.exists(dir)) {
            throw new ConfigError(
                    given
                            + " does not exist: give the folder that holds base.conf and the"
                            + " overlays, or leave it out for the built-in conf/");
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigError(
                    given
                            + " is a file, not a folder: give the folder that holds base.conf"
                            + " (a single file of overrides goes to --config)");
        }
        if (!Files.isRegularFile(dir.resolve("base.conf"))
                && !Files.isRegularFile(dir.resolve(environment + ".conf"))) {
            throw new ConfigError(
                    given
                            + " holds neither base.conf nor "
                            + environment
                            + ".conf: give the folder that holds them (a copy of conf/)");
        }
    }

    /** Loads the {@code local} environment with the defaults only. */
    public static AppConfig defaults() {
        return load("local", null, null);
    }

    /**
     * Builds a config from base defaults overridden by {@code overrides} (HOCON text), for tests.
     */
    public static AppConfig withOverrides(String hocon) {
        Config base = parse(null, "base.conf", true);
        Config over = ConfigFactory.parseString(hocon);
        List<String> unknown = new ArrayList<>();
        unknownKeys(over, base, "overrides", unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigError("unknown configuration key(s): " + String.join(", ", unknown));
        }
        Home home = Home.locate();
        return new AppConfig(underHome(over.withFallback(base).resolve(), home), "local", home);
    }

    /**
     * Rewrites every relative path setting as an absolute path under {@code home} (without a home,
     * they stay relative and {@link #path} refuses them when used).
     */
    private static Config underHome(Config c, Home home) {
        if (home.dir().isEmpty()) return c;
        Config out = c;
        for (String key : PATH_KEYS) out = absolute(out, key, home);
        for (String key : LOCATION_KEYS) out = absolute(out, key, home);
        String sources = "algotrader.ingest.sources";
        if (out.hasPath(sources)) {
            for (String name : out.getConfig(sources).root().keySet()) {
                String key = sources + ".\"" + name + "\".paths";
                if (!out.hasPath(key)) continue;
                List<String> paths = new ArrayList<>();
                for (String p : out.getStringList(key)) {
                    paths.add(Home.isRelativePath(p) ? home.location(key, p) : p);
                }
                out = out.withValue(key, ConfigValueFactory.fromIterable(paths));
            }
        }
        return out;
    }

    private static Config absolute(Config c, String key, Home home) {
        if (!c.hasPath(key)) return c;
        String v = c.getString(key);
        if (!Home.isRelativePath(v)) return c;
        return c.withValue(key, ConfigValueFactory.fromAnyRef(home.location(key, v)));
    }

    private static ConfigParseOptions strict() {
        return ConfigParseOptions.defaults().setAllowMissing(false);
    }

    private static Config parse(Path dir, String name, boolean required) {
        try {
            if (dir != null && Files.isRegularFile(dir.resolve(name))) {
                return ConfigFactory.parseFile(dir.resolve(name).toFile(), strict());
            }
            Config c =
                    ConfigFactory.parseResources(
                            AppConfig.class.getClassLoader(),
                            "conf/" + name,
                            ConfigParseOptions.defaults().setAllowMissing(!required));
            return c;
        } catch (ConfigException e) {
            throw new ConfigError("cannot read configuration " + name + ": " + e.getMessage());
        }
    }

    private static void unknownKeys(
            Config candidate, Config base, String origin, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : candidate.entrySet()) {
            String key = e.getKey();
            if (isOpen(key)) continue;
            if (base.hasPathOrNull(key)) continue;
            String moved = StrategyKeys.movedFull(key);
            if (moved != null && base.hasPathOrNull(moved)) continue; // old spelling, still read
            out.add(key + " (in " + origin + ")");
        }
    }

    private static boolean isOpen(String key) {
        for (String p : OPEN_PATHS) {
            if (key.equals(p) || key.startsWith(p + ".")) return true;
        }
        return false;
    }

    /** The resolved Typesafe config; areas bind their own immutable records from it. */
    public Config raw() {
        return config;
    }

    /** The {@code algotrader.<area>} sub-tree. */
    public Config area(String area) {
        return config.getConfig("algotrader." + area);
    }

    public String environment() {
        return environment;
    }

    /** The home relative paths resolve against (may be unknown outside the launcher). */
    public Home home() {
        return home;
    }

    /**
     * The local path of setting {@code key} (e.g. {@code algotrader.trader.state-dir}): absolute,
     * never relative to the working directory; a relative value without a home is a {@link
     * ConfigError} that says how to set one.
     */
    public Path path(String key) {
        return home.path(key, config.getString(key));
    }

    /** Setting {@code key} that may also be a URI: the URI as given, else {@link #path}. */
    public String location(String key) {
        String v = config.getString(key);
        return v.isBlank() ? v : home.location(key, v);
    }

    /** Root folder of the Delta tables ({@code algotrader.data-root}). */
    public Path dataRoot() {
        return path("algotrader.data-root");
    }

    /** Location of the append-only audit log. */
    public Path eventsFile() {
        return path("algotrader.events-file");
    }

    /** Folder of the HTML/JSON reports ({@code algotrader.reports-dir}). */
    public Path reportsDir() {
        return path("algotrader.reports-dir");
    }

    /** A configuration problem the user can fix; its message is one line that says what to do. */
    public static final class ConfigError extends RuntimeException {
        public ConfigError(String message) {
            super(message);
        }
    }
}
