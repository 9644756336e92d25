package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.core.config.AppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code demo}: the whole pipeline on the embedded defaults and the real sample data, each step the
 * same command a user would run, then where everything is.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the pipeline end to end on the real sample data (ingest, features, labels,"
                        + " train, backtest sma-cross, predict, backtest model, paper-once) and print where the"
                        + " results are.")
public final class DemoCommand implements Callable<Integer> {

    /** The steps, in order; each is a CLI command of this build. */
    static final List<List<String>> STEPS =
            List.of(
                    List.of("ingest"),
                    List.of("features"),
                    List.of("labels"),
                    List.of("train"),
                    List.of("backtest", "--strategy", "sma-cross"),
                    List.of("predict"),
                    List.of("backtest", "--strategy", "model"),
                    List.of("paper-once"),
                    List.of("status"));

    /** Steps whose failure is reported but does not stop the demo. */
    static final List<List<String>> OPTIONAL =
            List.of(List.of("predict"), List.of("backtest", "--strategy", "model"));

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = Main.currentContext();
        AppConfig config = ctx.config();
        CommandLine root = spec.root().commandLine();
        for (List<String> step : STEPS) {
            ctx.out().println("== algo-trader " + String.join(" ", step));
            List<String> argv = new java.util.ArrayList<>(ctx.globalArgs());
            argv.addAll(step);
            int code = root.execute(argv.toArray(String[]::new));
            if (code != 0 && OPTIONAL.contains(step)) {
                ctx.err()
                        .println(
                                "demo: optional step '"
                                        + String.join(" ", step)
                                        + "' failed (see the error above); continuing");
                continue;
            }
            if (code != 0) {
                ctx.err().println("demo stopped: step '" + String.join(" ", step) + "' failed");
                return code;
            }
        }
        Path root0 = config.dataRoot();
        ctx.out().println();
        ctx.out().println("Done. Where things are:");
        ctx.out().println("  Delta tables : " + root0 + " (bronze/, silver/, gold/)");
        ctx.out()
                .println(
                        "  trading rows : "
                                + root0.resolve("trading")
                                + " (orders, fills, positions, equity: backtests by run_id"
                                + " backtest-*, paper orders with run_id '"
                                + config.area("trader").getString("run-id")
                                + "')");
        ctx.out()
                .println(
                        "  MLflow store : "
                                + mlflowLocation(config)
                                + " (mlflow ui --backend-store-uri "
                                + mlflowLocation(config)
                                + ")");
        ctx.out()
                .println(
                        "  reports      : "
                                + config.reportsDir()
                                + " (train/<run_id>/report.html, backtest/<run_id>/report.html,"
                                + " sweep/<run_id>/leaderboard.csv|html)");
        ctx.out()
                .println(
                        "  paper trader : state "
                                + config.path("algotrader.trader.state-dir")
                                + ", control "
                                + config.path("algotrader.trader.control-file"));
        ctx.out().println("  audit log    : " + config.eventsFile());
        ctx.out()
                .println(
                        "  next         : bin/algo-trader export silver/features --format csv --out data/export/features.csv");
        return 0;
    }

    private static String mlflowLocation(AppConfig config) {
        return HomeRoots.mlflowStore(config);
    }
}
