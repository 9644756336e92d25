package dev.algotrader.cli;

import dev.algotrader.core.config.AppConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** The {@code algo-trader} CLI. */
@Command(
        name = "algo-trader",
        mixinStandardHelpOptions = true,
        version = "algo-trader 0.1.0",
        description = "ML-driven trading data platform: ingest, features, train, backtest, trade.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Exit code for a user mistake (bad flag, bad config, bad input). */
    public static final int EXIT_USER_ERROR = 2;

    /** Exit code for an unexpected failure (details in the log). */
    public static final int EXIT_FAILURE = 1;

    private static CliContext context;

    @Mixin GlobalOptions global;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The context of the running command (set by {@link #execute}). */
    static CliContext context() {
        return context;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the CLI with the given streams and clock; returns the exit code (tests call this). */
    public static int execute(String[] args, PrintStream out, PrintStream err, Clock clock) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(
                (ParameterException ex, String[] a) -> {
                    err.println("error: " + ex.getMessage());
                    err.println(
                            "run '"
                                    + ex.getCommandLine().getCommandSpec().qualifiedName()
                                    + " --help' for usage");
                    auditUsageError(main, clock, ex.getMessage());
                    return EXIT_USER_ERROR;
                });
        cl.setExecutionExceptionHandler(
                (Exception ex, CommandLine c, CommandLine.ParseResult r) -> {
                    Throwable root = ex;
                    if (isUserError(root)) {
                        err.println("error: " + root.getMessage());
                        LOG.info("user error", ex);
                        return EXIT_USER_ERROR;
                    }
                    LOG.error("command failed", ex);
                    err.println(
                            "error: "
                                    + (ex.getMessage() == null ? ex.toString() : ex.getMessage())
                                    + " (details in logs/algo-trader.log)");
                    return EXIT_FAILURE;
                });
        context = new CliContext(main.globalOrDefault(), out, err, clock);
        cl.setExecutionStrategy(
                parseResult -> {
                    context = new CliContext(main.globalOrDefault(), out, err, clock);
                    return new CommandLine.RunLast().execute(parseResult);
                });
        return cl.execute(args);
    }

    private GlobalOptions globalOrDefault() {
        if (global == null) global = new GlobalOptions();
        if (global.env == null) global.env = "local";
        return global;
    }

    /** Errors the user can fix: their message is all that is printed. */
    static boolean isUserError(Throwable t) {
        return t instanceof UserError
                || t instanceof AppConfig.ConfigError
                || t instanceof IllegalArgumentException;
    }

    private static void auditUsageError(Main main, Clock clock, String message) {
        try {
            CliContext ctx = new CliContext(main.globalOrDefault(), System.out, System.err, clock);
            ctx.events().append("orchestrator", "cli.usage-error", "-", Map.of("error", message));
        } catch (RuntimeException e) {
            LOG.warn("could not audit usage error", e);
        }
    }
}
