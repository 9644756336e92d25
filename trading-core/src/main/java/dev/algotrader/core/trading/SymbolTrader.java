package dev.algotrader.core.trading;

import dev.algotrader.core.audit.AuditEvent;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.ScoreWindow;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.Signal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One symbol's trader, outside any engine: features → score window → kernel → venue, one completed
 * bar at a time, returning one {@link TradeOutcome}. The backtester drives it with scores read from
 * {@code gold/predictions} ({@link #onScoredBar}); a live driver gives it the champion's scorer
 * ({@link #onBar}). Its state is the feature engine, the score window, the kernel state and the key
 * of the model last used, each readable for a snapshot and given back to {@link #restore}.
 */
public final class SymbolTrader {

    /** The model key before any model scored. */
    public static final String NO_MODEL = "";

    private final FeatureEngine engine;
    private final ScoreWindow window;
    private final TradingKernel kernel;
    private String modelKey;

    private SymbolTrader(
            FeatureEngine engine, ScoreWindow window, TradingKernel kernel, String modelKey) {
        this.engine = engine;
        this.window = Objects.requireNonNull(window);
        this.kernel = Objects.requireNonNull(kernel);
        this.modelKey = Objects.requireNonNull(modelKey);
    }

    /**
     * A fresh trader of {@code cfg.symbol()}; {@code engine} (null when the strategy needs no model
     * or the scores come precomputed) computes the features a scorer sees.
     */
    public static SymbolTrader create(
            KernelConfig cfg, Venue venue, Clock clock, FeatureEngine engine) {
        return new SymbolTrader(
                engine, new ScoreWindow(), new TradingKernel(cfg, venue, clock), NO_MODEL);
    }

    /** A trader that continues from the parts of an earlier one's state. */
    public static SymbolTrader restore(
            KernelConfig cfg,
            Venue venue,
            Clock clock,
            FeatureEngine engine,
            KernelState kernelState,
            List<FeatureRow> windowRows,
            String modelKey) {
        return new SymbolTrader(
                engine,
                new ScoreWindow(windowRows),
                TradingKernel.restore(cfg, kernelState, venue, clock),
                modelKey);
    }

    /**
     * Trades the completed {@code bar} with the scores of {@code scorer} (null: no model, e.g. a
     * baseline strategy or no champion yet). Needs a feature engine.
     */
    public TradeOutcome onBar(Bar bar, boolean gapBefore, Scorer scorer) {
        String key = scorer == null ? NO_MODEL : scorer.modelName() + "@" + scorer.modelVersion();
        return onBar(bar, gapBefore, scorer, key);
    }

    /**
     * As {@link #onBar(Bar, boolean, Scorer)}, the model known by {@code key} (e.g. the registry's
     * {@code name@version} of the champion; {@link #NO_MODEL} with no scorer).
     */
    public TradeOutcome onBar(Bar bar, boolean gapBefore, Scorer scorer, String key) {
        if (engine == null) {
            throw new IllegalStateException("trader of " + symbol() + " has no feature engine");
        }
        FeatureRow row = engine.update(bar);
        List<AuditEvent> events = new ArrayList<>(0);
        if (!key.equals(modelKey)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("symbol", symbol());
            d.put("bar_ts", bar.ts());
            d.put("from", modelKey.isEmpty() ? "none" : modelKey);
            d.put("to", key.isEmpty() ? "none" : key);
            events.add(new AuditEvent("model.switched", d));
            modelKey = key;
        }
        OptionalDouble p = window.score(scorer, row);
        Signal signal =
                scorer == null
                        ? null
                        : new Signal(
                                symbol(),
                                bar.ts(),
                                scorer.modelName(),
                                scorer.modelVersion(),
                                p.orElse(Double.NaN));
        return step(bar, p, gapBefore, signal, events);
    }

    /**
     * Warms on the completed {@code bar} without trading it: the feature engine and the score
     * window of {@code scorer} take the bar, the kernel does not see it (a trader that trades from
     * a later time, as a backtest starting there does).
     */
    public void warm(Bar bar, Scorer scorer) {
        if (engine == null) {
            throw new IllegalStateException("trader of " + symbol() + " has no feature engine");
        }
        window.warm(scorer, engine.update(bar));
    }

    /** Trades the completed {@code bar} with a score computed elsewhere (empty: none). */
    public TradeOutcome onScoredBar(Bar bar, OptionalDouble probabilityUp, boolean gapBefore) {
        if (engine != null) engine.update(bar);
        return step(bar, probabilityUp, gapBefore, null, new ArrayList<>(0));
    }

    private TradeOutcome step(
            Bar bar, OptionalDouble p, boolean gapBefore, Signal signal, List<AuditEvent> events) {
        StepResult r = kernel.onBar(bar, p, gapBefore);
        for (String why : r.rejections()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("symbol", symbol());
            d.put("bar_ts", bar.ts());
            d.put("reason", why);
            events.add(new AuditEvent("risk.rejected", d));
        }
        return new TradeOutcome(signal, r, events);
    }

    public String symbol() {
        return kernel.config().symbol();
    }

    /** The kernel (kill switch, drawdown reset, external fills). */
    public TradingKernel kernel() {
        return kernel;
    }

    /** The feature engine, null when this trader computes no features. */
    public FeatureEngine engine() {
        return engine;
    }

    /** The rows the score window holds, oldest first. */
    public List<FeatureRow> windowRows() {
        return window.rows();
    }

    /** {@code name@version} of the model that scored last, {@link #NO_MODEL} before any. */
    public String modelKey() {
        return modelKey;
    }
}
