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
                "Run the pipeline end to end on the real sample data (ingest, features, labels)"
                        + " and print where the results are.")
public final class DemoCommand implements Callable<Integer> {

    /** The steps, in order; each is a CLI command of this build. */
    static final List<List<String>> STEPS =
            List.of(List.of("ingest"), List.of("features"), List.of("labels"), List.of("status"));

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
            if (code != 0) {
                ctx.err().println("demo stopped: step '" + String.join(" ", step) + "' failed");
                return code;
            }
        }
        Path root0 = config.dataRoot().toAbsolutePath();
        ctx.out().println();
        ctx.out().println("Done. Where things are:");
        ctx.out().println("  Delta tables : " + root0 + " (bronze/, silver/, gold/)");
        ctx.out().println("  audit log    : " + config.eventsFile().toAbsolutePath());
        ctx.out()
                .println(
                        "  next         : bin/algo-trader export silver/features --format csv --out data/export/features.csv");
        return 0;
    }
}
