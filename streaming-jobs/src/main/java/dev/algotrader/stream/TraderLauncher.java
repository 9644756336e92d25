package dev.algotrader.stream;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.venue.broker.BrokerUnavailableException;

/**
 * Entry point of a trader in a JVM of its own ({@code java -cp trader.jar
 * dev.algotrader.stream.TraderLauncher paper-once ...}): {@link TraderMain}'s arguments, an error
 * as one {@code error: ...} line and the CLI's exit codes (1 error, 3 broker unreachable). Never
 * the entry point inside a Flink cluster: there {@link TraderMain} reports errors by exception,
 * because exiting would take the JobManager down.
 */
public final class TraderLauncher {

    private TraderLauncher() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the trader and returns the process exit code. */
    static int run(String[] args) throws Exception {
        try {
            System.out.println(TraderMain.run(args).line());
            return 0;
        } catch (TraderRunner.TraderError | AppConfig.ConfigError e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (BrokerUnavailableException e) {
            // the broker could not be reached: the service-unavailable code of the CLI
            System.err.println("error: " + e.getMessage());
            return 3;
        }
    }
}
