package dev.algotrader.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
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
            List.of("algotrader.ingest.sources", "algotrader.research.search.grids");

    private final Config config;
    private final String environment;

    private AppConfig(Config config, String environment) {
        this.config = config;
        this.environment = environment;
    }

    /**
     * Loads {@code base + <env> overlay + userFile}; {@code confDir} and {@code userFile} may be
     * null.
     */
    public static AppConfig load(String environment, Path confDir, Path userFile) {
        if (!ENVIRONMENTS.contains(environment)) {
            throw new ConfigError(
                    "unknown environment '"
                            + environment
                            + "': use one of "
                            + String.join(", ", ENVIRONMENTS.stream().sorted().toList()));
        }
        Path dir = confDir;
        String given = confDir == null ? null : "--conf-dir " + confDir;
        if (dir == null && System.getenv("ALGOTRADER_CONF_DIR") != null) {
            dir = Path.of(System.getenv("ALGOTRADER_CONF_DIR"));
            given = "ALGOTRADER_CONF_DIR=" + dir;
        }
        if (given != null) checkConfDir(dir, given, environment);
        String home = System.getProperty("algotrader.home");
        if (dir == null
                && home != null
                && Files.isRegularFile(Path.of(home, "conf", "base.conf"))) {
            // the installation's conf/, never the working directory's
            dir = Path.of(home, "conf");
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
        List<String> unknown = new ArrayList<>();
        unknownKeys(overlay, base, environment + ".conf", unknown);
        unknownKeys(user, base, String.valueOf(userFile), unknown);
        if (!unknown.isEmpty()) {
            throw new ConfigError(
                    "unknown configuration key(s): "
                            + String.join(", ", unknown)
                            + " (every key must have a default in conf/base.conf; check the spelling)");
        }
        try {
            Config resolved =
                    user.withFallback(overlay)
                            .withFallback(base)
                            .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
            return new AppConfig(resolved, environment);
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
        return new AppConfig(over.withFallback(base).resolve(), "local");
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
            if (!base.hasPathOrNull(key)) out.add(key + " (in " + origin + ")");
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

    /** Root folder of the Delta tables ({@code algotrader.data-root}). */
    public Path dataRoot() {
        return Path.of(config.getString("algotrader.data-root"));
    }

    /** Location of the append-only audit log. */
    public Path eventsFile() {
        return Path.of(config.getString("algotrader.events-file"));
    }

    /** A configuration problem the user can fix; its message is one line that says what to do. */
    public static final class ConfigError extends RuntimeException {
        public ConfigError(String message) {
            super(message);
        }
    }
}
