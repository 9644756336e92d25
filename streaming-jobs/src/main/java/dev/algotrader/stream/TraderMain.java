package dev.algotrader.stream;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the trader jar ({@code flink run trader.jar paper-once ...}) and of the embedded
 * runs the CLI starts. Arguments:
 *
 * <pre>
 * paper-once | paper-run  [--env local|paper|live] [--config FILE] [--bars FILE|DIR]
 *                         [--broker paper|alpaca] [--live] [--source replay|alpaca|coingecko]
 * </pre>
 *
 * All wiring is in {@link TraderRunner}; this class only parses arguments and prints one line.
 */
public final class TraderMain {

    private TraderMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("paper-once") || args[0].equals("paper-run"))) {
            System.err.println(
                    "usage: paper-once|paper-run [--env local|paper|live] [--config FILE]"
                            + " [--bars FILE|DIR] [--broker paper|alpaca] [--live]"
                            + " [--source replay|alpaca|coingecko]");
            System.exit(2);
        }
        String env = "local";
        Path config = null;
        TraderRunner.Options o = TraderRunner.Options.defaults();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            switch (a) {
                case "--env" -> env = rest.get(++i);
                case "--config" -> config = Path.of(rest.get(++i));
                case "--bars" -> o = o.withBars(Path.of(rest.get(++i)));
                case "--broker" -> o = o.withBroker(rest.get(++i));
                case "--source" -> o = o.withSource(rest.get(++i));
                case "--live" -> o = o.withLive(true);
                default -> {
                    System.err.println("unknown option " + a);
                    System.exit(2);
                }
            }
        }
        try {
            AppConfig cfg = AppConfig.load(env, null, config);
            JobSummary s =
                    args[0].equals("paper-once")
                            ? TraderRunner.paperOnce(cfg, o)
                            : TraderRunner.paperRun(cfg, o);
            System.out.println(s.line());
        } catch (TraderRunner.TraderError | AppConfig.ConfigError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (dev.algotrader.stream.broker.BrokerUnavailableException e) {
            // the broker could not be reached: the service-unavailable code of the CLI
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        }
    }
}
