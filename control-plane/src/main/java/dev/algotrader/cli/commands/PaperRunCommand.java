package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code paper-run}: export new silver/bars, run the Flink trader, MERGE its outputs into
 * trading/*.
 */
@Command(
        name = "paper-run",
        mixinStandardHelpOptions = true,
        description =
                "Paper-trade continuously (replay of the silver/bars export at trader.replay-speed,"
                        + " or --source alpaca) until 'trader stop', then MERGE the outputs into"
                        + " trading/*.")
public final class PaperRunCommand extends JobCommand {

    @Option(
            names = "--broker",
            paramLabel = "paper|alpaca",
            description = "Broker (default: trader.broker.type).")
    String broker;

    @Option(
            names = "--source",
            paramLabel = "replay|alpaca|coingecko",
            description = "Bar source (default: replay).")
    String source;

    @Option(
            names = "--live",
            description = "Trade real money (also needs --env live and live-confirm).")
    boolean live;

    @Override
    protected String jobName() {
        return "paper-run";
    }

    @Override
    protected String actor() {
        return "trader";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        return PaperTrading.run(ctx, false, broker, source, live);
    }
}
