package dev.algotrader.cli;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.Home;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command needs, created lazily once per process: the resolved configuration, the audit log,
 * the clock, the environment and the terminal streams.
 */
public final class CliContext {

    private static final Logger LOG = LoggerFactory.getLogger(CliContext.class);

    private final GlobalOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Map<String, String> env;
    private AppConfig config;
    private EventLog events;

    public CliContext(GlobalOptions options, PrintStream out, PrintStream err, Clock clock) {
        this(options, out, err, clock, System.getenv());
    }

    public CliContext(
            GlobalOptions options,
            PrintStream out,
            PrintStream err,
            Clock clock,
            Map<String, String> env) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.env = Map.copyOf(env);
    }

    public synchronized AppConfig config() {
        if (config == null) {
            config =
                    AppConfig.load(
                                    options.env,
                                    typed(options.confDir),
                                    typed(options.configFile),
                                    home(),
                                    java.util.Map.of())
                            .withProcessEnvironment(env);
        }
        return config;
    }

    public synchronized EventLog events() {
        if (events == null) {
            events = new EventLog(config().eventsFile(), clock, new Secrets(env));
        }
        return events;
    }

    /**
     * The audit log even when the configuration cannot be loaded (e.g. a bad --config): then the
     * default location ({@code $ALGOTRADER_EVENTS_FILE}, else {@code data/events.jsonl} under the
     * home).
     */
    public synchronized EventLog eventsOrFallback() {
        try {
            return events();
        } catch (RuntimeException e) {
            LOG.debug("config unavailable, audit log at its default location", e);
            String f = env.getOrDefault("ALGOTRADER_EVENTS_FILE", "data/events.jsonl");
            return new EventLog(home().path("algotrader.events-file", f), clock, new Secrets(env));
        }
    }

    /**
     * A path typed on the command line: relative to where it was typed, like any Unix tool's
     * argument (configuration paths resolve against the home instead).
     */
    private static java.nio.file.Path typed(java.nio.file.Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    /** The {@code --config} file of this run as an absolute path, or null. */
    public java.nio.file.Path configFile() {
        return typed(options.configFile);
    }

    /** The {@code --env} of this run. */
    public String environment() {
        return options.env;
    }

    /** The home of this run: {@code -Dalgotrader.home}, else {@code ALGOTRADER_HOME}. */
    public Home home() {
        return Home.locate(System.getProperties(), env);
    }

    /** The global options of this run as arguments, to run another command the same way. */
    public java.util.List<String> globalArgs() {
        java.util.List<String> a =
                new java.util.ArrayList<>(java.util.List.of("--env", options.env));
        if (options.configFile != null)
            a.addAll(java.util.List.of("--config", options.configFile.toString()));
        if (options.confDir != null)
            a.addAll(java.util.List.of("--conf-dir", options.confDir.toString()));
        return a;
    }

    /** The process environment (tests pass their own). */
    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }
}
