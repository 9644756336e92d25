package dev.algotrader.stream;

import com.typesafe.config.ConfigValueFactory;
import dev.algotrader.core.backtest.Strategies;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.stream.TraderRunner.TraderError;
import dev.algotrader.stream.model.ModelRef;
import dev.algotrader.stream.trade.SymbolState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which strategy the trader trades. {@code trader.strategy = champion} (the default): the
 * registry's champion through the {@code model} strategy (its BUY/SELL/HOLD from the champion's
 * scores) when the start found and accepted one, else the configured strategy ({@code
 * algotrader.backtest.strategy}, the backtester's). Any other value (or {@code --strategy} on
 * {@code paper-once}/{@code paper-run}) is an explicit baseline. Event {@code
 * trader.strategy.chosen} says which and why.
 */
public final class TraderStrategy {

    /** Trade the registry's champion. */
    public static final String CHAMPION = "champion";

    /** The strategy that trades on the champion's scores. */
    public static final String MODEL = "model";

    /**
     * What was chosen.
     *
     * @param strategy the strategy traded ({@code model}, {@code sma-cross}, …)
     * @param requested what was asked for ({@code champion} or a strategy name)
     * @param reason why, in words
     */
    public record Choice(String strategy, String requested, String reason) {}

    private TraderStrategy() {}

    /**
     * The configuration key naming the configured (fallback) strategy: the backtester's, so paper
     * and backtest trade the same one.
     */
    static final String STRATEGY_KEY = "algotrader.backtest.strategy";

    /** The choice for {@code requested} (null: {@code trader.strategy}) given the champion. */
    public static Choice choose(AppConfig cfg, String requested, ModelRef champion) {
        String req = requested != null ? requested : cfg.area("trader").getString("strategy");
        if (req.equals(CHAMPION)) {
            if (champion != null) {
                return new Choice(MODEL, req, "the registry's champion " + champion.label());
            }
            String key = STRATEGY_KEY;
            return new Choice(
                    cfg.raw().getString(key),
                    req,
                    "no accepted champion in the registry: the configured strategy (" + key + ")");
        }
        if (!Strategies.PARAMS.containsKey(req)) {
            throw new TraderError(
                    "unknown strategy '"
                            + req
                            + "': use champion or one of "
                            + String.join(", ", new TreeSet<>(Strategies.PARAMS.keySet())));
        }
        return new Choice(req, req, "chosen explicitly");
    }

    /**
     * {@code s} trading the chosen strategy (its kernel template rebuilt when the strategy
     * differs), with event {@code trader.strategy.chosen}.
     */
    static TraderSettings apply(
            AppConfig cfg,
            String requested,
            TraderSettings s,
            boolean externalBroker,
            TraderEvents events) {
        Choice c = choose(cfg, requested, s.initialChampion());
        TraderSettings out = s;
        if (!c.strategy().equals(strategyName(s.kernel()))) {
            KernelConfig k =
                    TraderRunner.kernelTemplate(
                            cfg.raw()
                                    .withValue(
                                            STRATEGY_KEY,
                                            ConfigValueFactory.fromAnyRef(c.strategy())),
                            s.runId(),
                            s.symbols().get(0),
                            s.interval(),
                            s.cashPerSymbol());
            out = s.withKernel(k);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("requested", c.requested());
        d.put("strategy", c.strategy());
        d.put("model", s.initialChampion() == null ? "none" : s.initialChampion().label());
        d.put("reason", c.reason());
        // a resumed paper-once state keeps the strategy (and its indicators) it was saved with
        Map<String, String> resumed = new LinkedHashMap<>();
        for (SymbolState st : s.resume().values()) {
            String name = st.kernel().strategy().name();
            if (!name.equals(c.strategy())) resumed.put(st.symbol(), name);
        }
        if (!resumed.isEmpty()) d.put("resumed_state_keeps", resumed.toString());
        events.append("trader.strategy.chosen", s.runId(), d);
        return out;
    }

    private static String strategyName(KernelConfig k) {
        return k.strategyFactory().get().name();
    }
}
