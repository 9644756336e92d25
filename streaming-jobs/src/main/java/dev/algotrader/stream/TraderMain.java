package dev.algotrader.stream;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.Home;
import dev.algotrader.core.job.JobSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the trader jar ({@code flink run trader.jar paper-run ...}, or {@code POST
 * /jars/:id/run} from {@code algo-trader trader start --cluster}). Arguments:
 *
 * <pre>
 * paper-once | paper-run  [--env local|paper|live] [--home DIR] [--config FILE] [--set KEY=VALUE]...
 *                         [--bars FILE|DIR] [--broker paper|alpaca] [--live]
 *                         [--source replay|alpaca|coingecko|kafka]
 * </pre>
 *
 * {@code --home} is the folder relative paths resolve against (default: {@code -Dalgotrader.home},
 * else {@code ALGOTRADER_HOME}; never the working directory); {@code --set} overrides one setting
 * (the CLI passes the run id and every path it resolved, so the job writes where the CLI reads);
 * {@code --conf-dir} is the site configuration folder the submitting CLI read (its
 * ALGOTRADER_CONF_DIR), which a JobManager's environment does not have. This {@code main} runs
 * inside a Flink JobManager under REST submission: a bad argument is a {@link
 * TraderRunner.TraderError} the client reports, never {@code System.exit}.
 */
public final class TraderMain {

    /** The usage line that every argument error repeats. */
    public static final String USAGE =
            "usage: paper-once|paper-run [--env local|paper|live] [--home DIR] [--conf-dir DIR]"
                    + " [--config FILE]"
                    + " [--set KEY=VALUE]... [--bars FILE|DIR] [--broker paper|alpaca] [--live]"
                    + " [--source replay|alpaca|coingecko|kafka] [--trade-from EPOCH_MS|INSTANT]";

    private TraderMain() {}

    /** The parsed command line. */
    record Invocation(
            String mode,
            String env,
            Home home,
            Path confDir,
            Path config,
            Map<String, String> overrides,
            TraderRunner.Options options) {}

    public static void main(String[] args) throws Exception {
        System.out.println(run(args).line());
    }

    /** Parses {@code args}, loads the configuration and runs the trader. */
    public static JobSummary run(String[] args) throws Exception {
        Invocation inv = parse(args);
        AppConfig cfg =
                AppConfig.load(inv.env(), inv.confDir(), inv.config(), inv.home(), inv.overrides());
        return inv.mode().equals("paper-once")
                ? TraderRunner.paperOnce(cfg, inv.options())
                : TraderRunner.paperRun(cfg, inv.options());
    }

    /** Parses the arguments; any mistake is a {@link TraderRunner.TraderError} with the usage. */
    static Invocation parse(String[] args) {
        if (args.length == 0 || !(args[0].equals("paper-once") || args[0].equals("paper-run"))) {
            throw bad(
                    args.length == 0
                            ? "no mode given"
                            : "unknown mode '" + args[0] + "' (paper-once or paper-run)");
        }
        String env = "local";
        Home home = null;
        String config = null;
        String confDir = null;
        String bars = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        TraderRunner.Options o = TraderRunner.Options.defaults();
        List<String> rest = List.of(args).subList(1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--env" -> env = value(rest, ++i, a);
                case "--home" -> home = Home.of(Path.of(value(rest, ++i, a)));
                case "--config" -> config = value(rest, ++i, a);
                case "--conf-dir" -> confDir = value(rest, ++i, a);
                case "--bars" -> bars = value(rest, ++i, a);
                case "--broker" -> o = o.withBroker(value(rest, ++i, a));
                case "--source" -> o = o.withSource(value(rest, ++i, a));
                case "--live" -> o = o.withLive(true);
                case "--trade-from" -> o = o.withTradeFrom(epochMs(value(rest, ++i, a), a));
                case "--set" -> {
                    String kv = value(rest, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw bad("--set needs KEY=VALUE, not '" + kv + "'");
                    overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
                default -> throw bad("unknown option '" + a + "'");
            }
        }
        if (home == null) home = Home.locate();
        Path configFile = config == null ? null : home.path("--config", config);
        Path confFolder = confDir == null ? null : home.path("--conf-dir", confDir);
        if (bars != null) o = o.withBars(home.path("--bars", bars));
        return new Invocation(args[0], env, home, confFolder, configFile, Map.copyOf(overrides), o);
    }

    private static long epochMs(String text, String option) {
        try {
            return text.matches("-?[0-9]+")
                    ? Long.parseLong(text)
                    : java.time.Instant.parse(text).toEpochMilli();
        } catch (RuntimeException e) {
            throw bad(option + " needs epoch ms or an ISO instant, not '" + text + "'");
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw bad(option + " needs a value");
        }
        return args.get(i);
    }

    private static TraderRunner.TraderError bad(String what) {
        return new TraderRunner.TraderError("trader: " + what + "; " + USAGE);
    }
}
