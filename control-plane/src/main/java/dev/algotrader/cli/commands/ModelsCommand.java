package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.ml.ResearchJobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code models}: the registry's versions with aliases and metrics. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description =
                "List registered model versions with aliases, model type, walk-forward and holdout"
                        + " metrics.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Only this registered model.")
    String model;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        ctx.out().println(ResearchJobs.models(ctx.config(), model, ctx.events()));
        return 0;
    }
}
