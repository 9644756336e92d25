package dev.algotrader.cli;

import com.typesafe.config.ConfigException;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
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
        subcommands = {
            CommandLine.HelpCommand.class,
            dev.algotrader.cli.commands.IngestCommand.class,
            dev.algotrader.cli.commands.FeaturesCommand.class,
            dev.algotrader.cli.commands.LabelsCommand.class,
            dev.algotrader.cli.commands.RefreshCommand.class,
            dev.algotrader.cli.commands.ExportCommand.class,
            dev.algotrader.cli.commands.StatusCommand.class,
            dev.algotrader.cli.commands.EventsCommand.class,
            dev.algotrader.cli.commands.DemoCommand.class,
            dev.algotrader.cli.commands.BenchCommand.class,
            dev.algotrader.cli.commands.AirflowCommand.class,
            dev.algotrader.cli.commands.TraderCommand.class,
            dev.algotrader.cli.commands.TrainCommand.class,
            dev.algotrader.cli.commands.AutoTrainCommand.class,
            dev.algotrader.cli.commands.ForecastCommand.class,
            dev.algotrader.cli.commands.PromoteCommand.class,
            dev.algotrader.cli.commands.ModelsCommand.class,
            dev.algotrader.cli.commands.BacktestCommand.class,
            dev.algotrader.cli.commands.PredictCommand.class,
            dev.algotrader.cli.commands.PaperOnceCommand.class,
            dev.algotrader.cli.commands.PaperRunCommand.class,
            dev.algotrader.cli.commands.KillSwitchCommand.class,
            dev.algotrader.cli.commands.BarsFeedCommand.class,
            dev.algotrader.cli.commands.TradingSinkCommand.class,
            dev.algotrader.cli.commands.MaintainCommand.class,
        })
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Exit code for a user mistake (bad flag, bad config, bad input). */
    public static final int EXIT_USER_ERROR = 2;

    /** Exit code for an unexpected failure (details in the log). */
    public static final int EXIT_FAILURE = 1;

    /** Exit code when a service (Airflow, a Flink or Spark cluster) cannot be reached. */
    public static final int EXIT_UNAVAILABLE = 3;

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

    /** The context of the running command, for commands in sub-packages. */
    public static CliContext currentContext() {
        return context;
    }

    /**
     * The launcher's entry point: exits the JVM with the command's code. Under {@code spark-submit
     * --deploy-mode cluster} this main runs inside the Spark driver, which must not be exited:
     * there a failure is thrown to Spark instead (the driver, and the client, report it as failed).
     */
    public static void main(String[] args) {
        Timing.mark("main");
        int code = execute(args, System.out, System.err, Clock.systemUTC());
        if (inClusterModeDriver(System.getProperties())) {
            if (code != 0) throw new CommandFailed(code);
            return;
        }
        System.exit(code);
    }

    /** True inside a Spark driver started by {@code spark-submit --deploy-mode cluster}. */
    static boolean inClusterModeDriver(java.util.Properties props) {
        return "cluster".equals(props.getProperty("spark.submit.deployMode"));
    }

    /** A command that ended with a non-zero exit code inside a cluster-mode Spark driver. */
    public static final class CommandFailed extends RuntimeException {
        CommandFailed(int code) {
            super(
                    "algo-trader exited with code "
                            + code
                            + " (the error line above says why; details in the driver log)");
        }
    }

    /** Runs the CLI with the given streams and clock; returns the exit code (tests call this). */
    public static int execute(String[] args, PrintStream out, PrintStream err, Clock clock) {
        return execute(args, out, err, clock, System.getenv());
    }

    /** As {@link #execute(String[], PrintStream, PrintStream, Clock)} with a given environment. */
    public static int execute(
            String[] args,
            PrintStream rawOut,
            PrintStream rawErr,
            Clock clock,
            Map<String, String> env) {
        // the console edge: nothing printed below shows a secret or a URI's user-info
        Secrets.registerEnvironment(env);
        Secrets secrets = new Secrets(env);
        PrintStream out = new RedactingPrintStream(rawOut, secrets);
        PrintStream err = new RedactingPrintStream(rawErr, secrets);
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(
                (ParameterException ex, String[] a) -> {
                    err.println("error: " + usageMessage(ex));
                    err.println(
                            "run '"
                                    + ex.getCommandLine().getCommandSpec().qualifiedName()
                                    + " --help' for usage");
                    auditUsageError(main, clock, env, usageMessage(ex));
                    return EXIT_USER_ERROR;
                });
        cl.setExecutionExceptionHandler(
                (Exception ex, CommandLine c, CommandLine.ParseResult r) -> {
                    Throwable root = userErrorIn(ex);
                    String name = c.getCommandSpec().qualifiedName(" ");
                    int code;
                    String message;
                    Throwable broker = brokerUnreachableIn(ex);
                    if (broker != null) {
                        // the broker could not be reached (connection refused, timeouts, 5xx)
                        message =
                                oneLine(broker)
                                        .replace(
                                                dev.algotrader.core.venue.broker
                                                                .BrokerUnavailableException.class
                                                                .getName()
                                                        + ": ",
                                                "");
                        LOG.info("broker unavailable", ex);
                        code = EXIT_UNAVAILABLE;
                    } else if (root instanceof RestClient.ServiceUnavailable) {
                        message = root.getMessage();
                        LOG.info("service unavailable", ex);
                        code = EXIT_UNAVAILABLE;
                    } else if (root != null) {
                        message = oneLine(root);
                        LOG.info("user error", ex);
                        code = EXIT_USER_ERROR;
                    } else {
                        LOG.error("command failed", ex);
                        message =
                                (ex.getMessage() == null ? ex.toString() : ex.getMessage())
                                        + " (details in logs/algo-trader.log)";
                        code = EXIT_FAILURE;
                    }
                    err.println("error: " + message);
                    if (!(c.getCommand() instanceof JobCommand)) {
                        // jobs already wrote job.failed; every other command's failure is audited
                        // here
                        auditFailure(name, message, code);
                    }
                    return code;
                });
        context = new CliContext(main.globalOrDefault(), out, err, clock, env);
        cl.setExecutionStrategy(
                parseResult -> {
                    context = new CliContext(main.globalOrDefault(), out, err, clock, env);
                    return new CommandLine.RunLast().execute(parseResult);
                });
        return cl.execute(args);
    }

    private GlobalOptions globalOrDefault() {
        if (global == null) global = new GlobalOptions();
        if (global.env == null) global.env = "local";
        return global;
    }

    /**
     * picocli's message, except for a word where a command was expected: "unknown command 'x'" with
     * the closest commands picocli suggests, instead of "Unmatched argument at index 0".
     */
    static String usageMessage(ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")
                && !u.getCommandLine().getSubcommands().isEmpty()) {
            String word = u.getUnmatched().get(0);
            // picocli's suggestions are generous ('frobnicate' → promote): keep the near misses
            List<String> near =
                    u.getSuggestions().stream()
                            .filter(c -> editDistance(word, c) <= Math.max(2, word.length() / 4))
                            .toList();
            return "unknown command '"
                    + word
                    + "'"
                    + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)");
        }
        return ex.getMessage();
    }

    /** Levenshtein distance (a transposition counts 2). */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Errors the user can fix: their message is all that is printed. */
    static boolean isUserError(Throwable t) {
        return t instanceof UserError
                || t instanceof AppConfig.ConfigError
                || t instanceof ConfigException
                || t instanceof RestClient.ServiceUnavailable
                || t instanceof IllegalArgumentException
                || t instanceof dev.algotrader.ml.tracking.TrackingException
                || t instanceof dev.algotrader.core.backtest.BacktestError
                || t instanceof dev.algotrader.stream.TraderRunner.TraderError;
    }

    /**
     * The trader's "broker unavailable" in the cause chain (also when Flink carried it across as a
     * {@code SerializedThrowable} naming the class), or null.
     */
    static Throwable brokerUnreachableIn(Throwable t) {
        String name = dev.algotrader.core.venue.broker.BrokerUnavailableException.class.getName();
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof dev.algotrader.core.venue.broker.BrokerUnavailableException) return c;
        }
        // Flink's SerializedThrowable carries the class by name: the innermost that names it
        Throwable named = null;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (String.valueOf(c).contains(name)) named = c;
        }
        return named;
    }

    /** The first user-fixable error in the cause chain (jobs may wrap it), or null. */
    static Throwable userErrorIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (isUserError(c)) return c;
            if (c.getCause() == c) break;
        }
        return null;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        if (t instanceof ConfigException.Missing) {
            m = "missing configuration key: " + m + " (add it to your --config file or conf/)";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private static void auditFailure(String command, String message, int code) {
        try {
            context.eventsOrFallback()
                    .append(
                            "orchestrator",
                            "command.failed",
                            "-",
                            Map.of("command", command, "error", message, "exit_code", code));
        } catch (RuntimeException e) {
            LOG.warn("could not audit command failure", e);
        }
    }

    private static void auditUsageError(
            Main main, Clock clock, Map<String, String> env, String message) {
        try {
            CliContext ctx =
                    new CliContext(main.globalOrDefault(), System.out, System.err, clock, env);
            ctx.eventsOrFallback()
                    .append("orchestrator", "cli.usage-error", "-", Map.of("error", message));
        } catch (RuntimeException e) {
            LOG.warn("could not audit usage error", e);
        }
    }
}
