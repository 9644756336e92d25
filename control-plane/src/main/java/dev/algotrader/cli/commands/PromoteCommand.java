package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.ml.ResearchJobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code promote}: move a registry alias to a version by hand (no rule), audited. */
@Command(
        name = "promote",
        description =
                "Point a registry alias (default: champion) at a model version, without the"
                        + " promotion rule (audited as model.promoted, manual: true).")
public final class PromoteCommand implements Callable<Integer> {

    // no mixinStandardHelpOptions: its --version would clash with the model version option
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message.")
    boolean help;

    @Option(names = "--model", required = true, description = "Registered model name.")
    String model;

    @Option(names = "--version", required = true, description = "Version number.")
    String version;

    @Option(names = "--alias", description = "Alias (default: research.promotion.alias).")
    String alias;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        ctx.out().println(ResearchJobs.promote(ctx.config(), model, version, alias, ctx.events()));
        return 0;
    }
}
