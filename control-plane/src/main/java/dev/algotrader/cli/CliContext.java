package dev.algotrader.cli;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What a command needs, created lazily once per process: the resolved configuration, the audit log,
 * the clock and the terminal streams.
 */
public final class CliContext {

    private final GlobalOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private AppConfig config;
    private EventLog events;

    public CliContext(GlobalOptions options, PrintStream out, PrintStream err, Clock clock) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public synchronized AppConfig config() {
        if (config == null) {
            config = AppConfig.load(options.env, options.confDir, options.configFile);
        }
        return config;
    }

    public synchronized EventLog events() {
        if (events == null) {
            events =
                    new EventLog(
                            config().eventsFile(),
                            clock,
                            dev.algotrader.core.audit.Secrets.fromEnvironment());
        }
        return events;
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
