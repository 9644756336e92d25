package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kill-switch on|off}: blocks (or allows again) every new order of the local trader. */
@Command(
        name = "kill-switch",
        mixinStandardHelpOptions = true,
        description =
                "Set the local trader's kill switch in its control file: 'on' blocks every new"
                        + " order at the next bar (working entries are cancelled), 'off' allows"
                        + " them again.")
public final class KillSwitchCommand implements Callable<Integer> {

    /** on or off. */
    enum Setting {
        on,
        off
    }

    @Parameters(index = "0", paramLabel = "on|off", description = "on or off")
    Setting setting;

    @Option(names = "--reason", description = "Operator note, copied into the events.")
    String reason;

    @Override
    public Integer call() {
        CliContext ctx = Main.currentContext();
        LocalTrader.setKillSwitch(ctx, setting == Setting.on, reason);
        return 0;
    }
}
