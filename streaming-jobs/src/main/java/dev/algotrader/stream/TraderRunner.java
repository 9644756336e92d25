package dev.algotrader.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.algotrader.core.backtest.BacktestError;
import dev.algotrader.core.backtest.Strategies;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.StrategySettings;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.bars.BarFeed;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.TraderLock;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Wires the trader to real I/O: the bar export or Alpaca polling in, JSONL files and state files
 * out, the broker, the champion registry, reconciliation and the control file. {@code paper-once}
 * ({@link PaperOnce}) processes what is new since the last run and exits; {@code paper-run} ({@link
 * PaperRun}) runs until the control file says stopped (then takes a savepoint the next run resumes
 * from). The parts: settings and options here, {@link TraderConnections} (bar feed, broker,
 * champion registry), {@link TraderStartChecks} (reconciliation, champion gate, run record), {@link
 * TraderStrategy} (what is traded) and {@link TraderRunFiles} (sinks, recovery, cursors).
 */
public final class TraderRunner {

    /** The exact text {@code algotrader.trader.broker.live-confirm} must hold for live trading. */
    public static final String LIVE_CONFIRMATION = "I understand that this trades real money";

    /**
     * Next to {@code savepoint.txt}: per symbol, the last bar the savepoint has processed, where
     * the next {@code paper-run}'s bar source starts.
     */
    static final String SAVEPOINT_CURSORS = "savepoint-cursors.json";

    /**
     * Command-line choices that override the configuration, and the caller's {@link ChampionLoader}
     * (null: tree champions from {@code model/portable.json}).
     */
    public record Options(
            Path bars,
            String broker,
            String source,
            boolean live,
            ChampionLoader championLoader,
            String strategy,
            long tradeFromMs) {
        public static Options defaults() {
            return new Options(null, null, "replay", false, null, null, TraderSettings.TRADE_ALL);
        }

        /**
         * Trades only the bars opening at or after {@code epochMs}; earlier bars only warm the
         * features and the score window ({@link TraderSettings#TRADE_ALL}: every bar).
         */
        public Options withTradeFrom(long epochMs) {
            return new Options(bars, broker, source, live, championLoader, strategy, epochMs);
        }

        public Options withBars(Path p) {
            return new Options(p, broker, source, live, championLoader, strategy, tradeFromMs);
        }

        public Options withBroker(String b) {
            return new Options(bars, b, source, live, championLoader, strategy, tradeFromMs);
        }

        /**
         * The strategy to trade ({@code champion}, or a baseline such as {@code sma-cross}); null:
         * {@code trader.strategy}.
         */
        public Options withStrategy(String name) {
            return new Options(bars, broker, source, live, championLoader, name, tradeFromMs);
        }

        public Options withSource(String s) {
            if (!List.of("replay", "alpaca", "coingecko", "kafka").contains(s)) {
                throw new TraderError(
                        "--source must be replay, alpaca, coingecko or kafka, not '" + s + "'");
            }
            return new Options(bars, broker, s, live, championLoader, strategy, tradeFromMs);
        }

        /** How champions become scorers (the control plane's loads every model type). */
        public Options withChampionLoader(ChampionLoader loader) {
            return new Options(bars, broker, source, live, loader, strategy, tradeFromMs);
        }

        public Options withLive(boolean l) {
            return new Options(bars, broker, source, l, championLoader, strategy, tradeFromMs);
        }
    }

    /** A problem the user can fix; the message says what to do. */
    public static final class TraderError extends RuntimeException {
        public TraderError(String message) {
            super(message);
        }
    }

    private TraderRunner() {}

    /** Binds {@code algotrader.trader.*} (and the kernel from {@code algotrader.backtest.*}). */
    public static TraderSettings settings(AppConfig cfg, boolean externalBroker) {
        // externalBroker: the broker factory picks the venue (stream.trade.Execution)
        Config t = cfg.area("trader");
        List<String> symbols = t.getStringList("symbols");
        double cash = t.getDouble("initial-cash") / Math.max(1, symbols.size());
        String runId = t.getString("run-id");
        String interval = t.getString("interval");
        KernelConfig k = kernelTemplate(cfg.raw(), runId, symbols.get(0), interval, cash);
        return new TraderSettings(
                runId,
                symbols,
                interval,
                FeatureSetSpec.DEFAULT,
                k,
                cash,
                t.getDuration("max-out-of-orderness").toMillis(),
                true,
                cfg.eventsFile().toString(),
                cfg.path("algotrader.trader.control-file").toString(),
                t.getDuration("champion.poll-interval").toMillis(),
                t.getInt("champion.smoke-rows"),
                Map.of(),
                null,
                false,
                t.getInt("broker.amend-retry-bars"),
                TraderSettings.TRADE_ALL);
    }

    /**
     * The kernel template bound from the shared {@link StrategySettings} ({@code
     * algotrader.strategy.*}: mode, sizing, orders, fill, fees, risk, parameters) and the strategy
     * named by {@code algotrader.backtest.strategy}, on the trader's bar interval. The broker
     * factory picks the venue (paper: the kernel's simulated venue; external: {@link
     * dev.algotrader.core.venue.broker.BrokerVenue}).
     */
    static KernelConfig kernelTemplate(
            Config raw, String runId, String symbol, String interval, double cash) {
        try {
            StrategySettings ss = StrategySettings.from(raw);
            String name = raw.getString(TraderStrategy.STRATEGY_KEY);
            return ss.kernelConfig(
                    runId,
                    symbol,
                    BarInterval.parse(interval).millis(),
                    cash,
                    Strategies.of(ss, name, "backtest.strategy"),
                    "model".equals(name) ? ss.modelVersion() : "");
        } catch (IllegalArgumentException | BacktestError | ConfigException e) {
            throw new TraderError("trader strategy configuration is invalid: " + e.getMessage());
        }
    }

    /**
     * Takes the run's {@link TraderLock} ({@code <state-dir>/trader.lock}): one embedded trader per
     * run id; a second start is a {@link TraderError} that says how to stop the first.
     */
    public static TraderLock lock(AppConfig cfg, String mode) {
        try {
            return TraderLock.acquire(
                    cfg.path("algotrader.trader.state-dir"),
                    cfg.area("trader").getString("run-id"),
                    mode);
        } catch (TraderLock.AlreadyRunning e) {
            throw new TraderError(e.getMessage());
        }
    }

    /** Processes the bars newer than each symbol's cursor, then exits (under the run's lock). */
    public static JobSummary paperOnce(AppConfig cfg, Options o) throws Exception {
        try (TraderLock l = lock(cfg, "paper-once")) {
            return PaperOnce.paperOnceLocked(cfg, o);
        }
    }

    /**
     * Trades continuously: Alpaca bar polling ({@code --source alpaca}) or a paced replay of the
     * bar export. Stops when the control file says {@code stopped}, taking a savepoint that the
     * next {@code paper-run} resumes from.
     */
    public static JobSummary paperRun(AppConfig cfg, Options o) throws Exception {
        if (PaperRun.submittedDetached(StreamExecutionEnvironment.getExecutionEnvironment())) {
            // on a cluster the control plane keeps one job per run id (GET /jobs/overview)
            return PaperRun.paperRunLocked(cfg, o);
        }
        try (TraderLock l = lock(cfg, "paper-run")) {
            return PaperRun.paperRunLocked(cfg, o);
        }
    }

    /** The bar feed of a {@code paper-run} source (see {@link TraderConnections#barFeed}). */
    public static BarFeed barFeed(AppConfig cfg, String source, TraderSettings s) {
        return TraderConnections.barFeed(cfg, source, s);
    }

    /** The broker the options choose, live trading guarded ({@link TraderConnections}). */
    public static BrokerFactory brokerFactory(AppConfig cfg, Options o) {
        return TraderConnections.brokerFactory(cfg, o);
    }

    /** The champion registry named by {@code trader.champion.registry} (tree champions). */
    public static ChampionSource championSource(AppConfig cfg) {
        return TraderConnections.championSource(cfg);
    }

    /** The champion registry, loading versions with the options' loader when one is given. */
    public static ChampionSource championSource(AppConfig cfg, Options o) {
        return TraderConnections.championSource(cfg, o);
    }

    /** The start-up reconciliation with an external broker ({@link TraderStartChecks}). */
    public static void reconcile(
            AppConfig cfg,
            BrokerFactory factory,
            TraderSettings s,
            Map<String, SymbolState> states,
            TraderEvents events) {
        TraderStartChecks.reconcile(cfg, factory, s, states, events);
    }

    /** File sinks of every output ({@link TraderRunFiles#fileSinks}). */
    public static TraderJob.Sinks fileSinks(Path out, String stamp, Path stateDir) {
        return TraderRunFiles.fileSinks(out, stamp, stateDir);
    }

    /** File sinks of every output ({@link TraderRunFiles#fileSinks}). */
    public static TraderJob.Sinks fileSinks(
            Path out, String stamp, Path stateDir, boolean flushEach, boolean pendingState) {
        return TraderRunFiles.fileSinks(out, stamp, stateDir, flushEach, pendingState);
    }
}
