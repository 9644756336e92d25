package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.JobCommand;
import dev.algotrader.core.job.JobSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code paper-once}: export new silver/bars, run the Flink trader, MERGE its outputs into
 * trading/*.
 */
@Command(
        name = "paper-once",
        mixinStandardHelpOptions = true,
        description =
                "Paper-trade the silver/bars that are new since the last run on the embedded Flink"
                        + " trader (champion model + trading kernel), MERGE its orders, fills,"
                        + " positions and equity into trading/*, then exit.")
public final class PaperOnceCommand extends JobCommand {

    @Option(
            names = "--broker",
            paramLabel = "paper|alpaca",
            description = "Broker (default: trader.broker.type).")
    String broker;

    @Option(
            names = "--strategy",
            paramLabel = "champion|sma-cross|rsi-reversion|model",
            description =
                    "What to trade (default: trader.strategy = champion: the registry's champion,"
                            + " else the configured strategy); a baseline only by explicit choice.")
    String strategy;

    @Option(
            names = "--live",
            description = "Trade real money (also needs --env live and live-confirm).")
    boolean live;

    @Option(
            names = "--trade-from",
            paramLabel = "TIME",
            description =
                    "Trade only the bars opening at or after this time (ISO instant, UTC day or"
                            + " epoch ms); earlier new bars only warm the features and the score"
                            + " window, so the trading starts like a backtest --from there"
                            + " (default: every new bar is traded).")
    String tradeFrom;

    @Override
    protected String jobName() {
        return "paper-once";
    }

    @Override
    protected String actor() {
        return "trader";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        return PaperTrading.run(
                ctx, true, broker, strategy, null, live, PaperTrading.tradeFrom(tradeFrom));
    }
}
