package dev.algotrader.stream;

import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.trade.SymbolState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the trading pipeline needs besides its input and outputs, bound once by {@link
 * TraderMain} from {@code algotrader.trader.*} (or built directly by tests).
 *
 * @param runId run id of every order, fill, position and equity row (stable across paper-once runs
 *     so the tables continue)
 * @param symbols symbols traded; the kernel template is re-targeted to each
 * @param interval bar interval ({@code 1m})
 * @param featureSet the feature set the engine computes and a champion must have been trained on
 * @param kernel kernel template (strategy, sizing, risk, fill and fee model); its symbol, cash and
 *     model version are replaced per key
 * @param cashPerSymbol starting cash of each symbol's kernel
 * @param maxOutOfOrdernessMs how far out of order bars may arrive and still be used
 * @param replayClock true: the kernel's clock is the close of the bar being processed (replays, so
 *     the stale-data guard behaves as in the backtest); false: wall clock (live)
 * @param eventsFile {@code events.jsonl}
 * @param controlFile the control contract file ({@code data/trader/control.json})
 * @param championPollMs how often the champion alias is re-read (processing time)
 * @param smokeRows rows scored by the model gate's smoke test
 * @param resume per symbol, the state a previous paper-once run ended with
 * @param initialChampion the champion resolved and gated at start (null: none); used until the
 *     first broadcast directive, so the first bars are scored deterministically
 * @param lowLatency true: a watermark per bar and no output buffering, so each bar is decided as
 *     soon as it arrives (live, paper-run); false: periodic watermarks for replay throughput
 * @param amendRetryBars on how many following bars a replace the broker refused while the order was
 *     still open there (e.g. {@code pending_new}) is tried again
 * @param tradeFromMs bars opening before this time (epoch ms) only update the feature engine and
 *     the score window; the kernel sees its first bar at this time, as a backtest starting there
 *     does ({@link #TRADE_ALL}: every bar is traded)
 */
public record TraderSettings(
        String runId,
        List<String> symbols,
        String interval,
        FeatureSetSpec featureSet,
        KernelConfig kernel,
        double cashPerSymbol,
        long maxOutOfOrdernessMs,
        boolean replayClock,
        String eventsFile,
        String controlFile,
        long championPollMs,
        int smokeRows,
        Map<String, SymbolState> resume,
        ModelRef initialChampion,
        boolean lowLatency,
        int amendRetryBars,
        long tradeFromMs)
        implements Serializable {

    /** {@link #tradeFromMs()} when every bar is traded (the default). */
    public static final long TRADE_ALL = Long.MIN_VALUE;

    public TraderSettings {
        symbols = List.copyOf(symbols);
        resume = Map.copyOf(resume);
        if (symbols.isEmpty()) throw new IllegalArgumentException("trader.symbols is empty");
        if (maxOutOfOrdernessMs < 0) {
            throw new IllegalArgumentException("trader.max-out-of-orderness must be >= 0");
        }
        if (amendRetryBars < 0) {
            throw new IllegalArgumentException("trader.broker.amend-retry-bars must be >= 0");
        }
    }

    /** A copy resuming from {@code states}. */
    public TraderSettings withResume(Map<String, SymbolState> states) {
        return with(c -> c.resume = states);
    }

    /** A copy starting with {@code champion} (null: none). */
    public TraderSettings withInitialChampion(ModelRef champion) {
        return with(c -> c.initialChampion = champion);
    }

    /** A copy trading with the kernel template {@code k} (another strategy). */
    public TraderSettings withKernel(KernelConfig k) {
        return with(c -> c.kernel = k);
    }

    /** A copy with {@link #lowLatency()} set. */
    public TraderSettings withLowLatency(boolean on) {
        return with(c -> c.lowLatency = on);
    }

    /**
     * A copy for a live feed (a broker's poller): the kernel's clock is the wall clock and each bar
     * is decided as soon as it arrives ({@link #replayClock()} false, {@link #lowLatency()} true).
     */
    public TraderSettings withLiveFeed() {
        return with(
                c -> {
                    c.replayClock = false;
                    c.lowLatency = true;
                });
    }

    /**
     * A copy trading only the bars at or after {@code epochMs} ({@link #TRADE_ALL}: every bar);
     * earlier bars only warm the feature engine and the score window.
     */
    public TraderSettings withTradeFrom(long epochMs) {
        return with(c -> c.tradeFromMs = epochMs);
    }

    /** A copy with the changes {@code change} makes to a {@link Copy} of these settings. */
    private TraderSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /**
     * The settings' values, mutable: the one place that lists every field besides the record
     * header, so a wither changes only its own field (and the compact constructor checks the
     * result).
     */
    private static final class Copy {
        private String runId;
        private List<String> symbols;
        private String interval;
        private FeatureSetSpec featureSet;
        private KernelConfig kernel;
        private double cashPerSymbol;
        private long maxOutOfOrdernessMs;
        private boolean replayClock;
        private String eventsFile;
        private String controlFile;
        private long championPollMs;
        private int smokeRows;
        private Map<String, SymbolState> resume;
        private ModelRef initialChampion;
        private boolean lowLatency;
        private int amendRetryBars;
        private long tradeFromMs;

        private Copy(TraderSettings s) {
            runId = s.runId;
            symbols = s.symbols;
            interval = s.interval;
            featureSet = s.featureSet;
            kernel = s.kernel;
            cashPerSymbol = s.cashPerSymbol;
            maxOutOfOrdernessMs = s.maxOutOfOrdernessMs;
            replayClock = s.replayClock;
            eventsFile = s.eventsFile;
            controlFile = s.controlFile;
            championPollMs = s.championPollMs;
            smokeRows = s.smokeRows;
            resume = s.resume;
            initialChampion = s.initialChampion;
            lowLatency = s.lowLatency;
            amendRetryBars = s.amendRetryBars;
            tradeFromMs = s.tradeFromMs;
        }

        private TraderSettings build() {
            return new TraderSettings(
                    runId,
                    symbols,
                    interval,
                    featureSet,
                    kernel,
                    cashPerSymbol,
                    maxOutOfOrdernessMs,
                    replayClock,
                    eventsFile,
                    controlFile,
                    championPollMs,
                    smokeRows,
                    resume,
                    initialChampion,
                    lowLatency,
                    amendRetryBars,
                    tradeFromMs);
        }
    }

    /** True when {@code barTs} only warms the features (before {@link #tradeFromMs()}). */
    public boolean warmOnly(long barTs) {
        return barTs < tradeFromMs;
    }

    /**
     * The opening sub-account ({@link EquityPoint#opening}) of each symbol that starts in this run
     * (not resumed), in a run of more than one symbol: it tells the reduction into {@code
     * trading/equity} that the symbol's cash share counts before its first bar. A one-symbol run
     * needs none: every account ts is a ts of its one symbol.
     */
    public List<EquityPoint> openingAccounts() {
        List<EquityPoint> out = new ArrayList<>();
        if (symbols.size() < 2) return out;
        for (String s : symbols) {
            if (!resume.containsKey(s)) out.add(EquityPoint.opening(runId, s, cashPerSymbol));
        }
        return out;
    }

    /** The kernel configuration of {@code symbol} scoring with {@code modelVersion}. */
    public KernelConfig kernelFor(String symbol, String modelVersion) {
        return kernel.forSymbol(symbol, cashPerSymbol).forRun(runId, modelVersion);
    }
}
