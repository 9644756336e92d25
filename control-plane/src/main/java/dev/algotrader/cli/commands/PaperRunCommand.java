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
                "Paper-trade continuously until 'algo-trader trader stop' (or Ctrl-C with"
                        + " --follow): replay the new silver/bars at trader.replay-speed (with"
                        + " --follow, then keep trading the bars each later ingest adds), or poll"
                        + " --source alpaca|coingecko; MERGE the outputs into trading/*.")
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
            names = "--follow",
            description =
                    "Replay source: when the replay has caught up, keep watching silver/bars and"
                            + " trade each new batch of bars (e.g. from a scheduled ingest) until"
                            + " 'algo-trader trader stop' or Ctrl-C.")
    boolean follow;

    @Option(
            names = "--poll",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "With --follow: how often silver/bars is checked (default: 10).")
    int pollSeconds;

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
        return "paper-run";
    }

    @Override
    protected String actor() {
        return "trader";
    }

    @Override
    protected JobSummary execute(CliContext ctx, String runId) throws Exception {
        if (follow) {
            if (source != null && !source.equals("replay")) {
                throw new dev.algotrader.cli.UserError(
                        "--follow follows the silver/bars replay; --source "
                                + source
                                + " already polls until 'trader stop'");
            }
            if (pollSeconds < 1) throw new dev.algotrader.cli.UserError("--poll must be >= 1");
            return PaperTrading.follow(
                    ctx, broker, strategy, live, pollSeconds, PaperTrading.tradeFrom(tradeFrom));
        }
        return PaperTrading.run(
                ctx, false, broker, strategy, source, live, PaperTrading.tradeFrom(tradeFrom));
    }
}
