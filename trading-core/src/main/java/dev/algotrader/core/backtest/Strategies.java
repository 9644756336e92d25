package dev.algotrader.core.backtest;

import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.ModelThresholdStrategy;
import dev.algotrader.core.trading.RsiReversionStrategy;
import dev.algotrader.core.trading.SmaCrossStrategy;
import dev.algotrader.core.trading.StrategySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named strategies and their parameters: {@code sma-cross}, {@code rsi-reversion}, {@code
 * model}.
 */
public final class Strategies {

    /** Strategy name → its numeric parameter names. */
    public static final Map<String, List<String>> PARAMS =
            Map.of(
                    "sma-cross", List.of("fast", "slow"),
                    "rsi-reversion", List.of("period", "lower", "upper", "exit"),
                    "model", List.of("enter", "exit", "short-enter", "short-exit"));

    private Strategies() {}

    /**
     * The strategy {@code name} with its parameters from the bound {@code settings} (the one check
     * of the backtester and the trader): an unknown name names {@code key} (the setting that chose
     * it), a missing parameter its {@code strategy.params} key.
     */
    public static KernelConfig.StrategyFactory of(
            StrategySettings settings, String name, String key) {
        return factory(name, params(settings, name, key));
    }

    /** The parameters of strategy {@code name} from {@code settings}, every one present. */
    public static Map<String, Double> params(StrategySettings settings, String name, String key) {
        requireKnown(name, key);
        Map<String, Double> params = new LinkedHashMap<>();
        for (String k : PARAMS.get(name)) {
            Double v = settings.paramsOf(name).get(k);
            if (v == null) {
                throw new BacktestError("strategy.params." + name + "." + k + " is missing");
            }
            params.put(k, v);
        }
        return params;
    }

    /** Fails with a message naming {@code key} unless {@code name} is a strategy. */
    public static void requireKnown(String name, String key) {
        if (!PARAMS.containsKey(name)) {
            throw new BacktestError(
                    key + " '" + name + "' is unknown: use sma-cross, rsi-reversion or model");
        }
    }

    /** Checks the name and parameters and returns a serialisable factory of fresh strategies. */
    public static KernelConfig.StrategyFactory factory(String name, Map<String, Double> params) {
        List<String> known = PARAMS.get(name);
        if (known == null) {
            throw new BacktestError(
                    "unknown strategy '"
                            + name
                            + "': use one of "
                            + String.join(", ", new TreeMap<>(PARAMS).keySet()));
        }
        for (String k : params.keySet()) {
            if (!known.contains(k)) {
                throw new BacktestError(
                        "unknown parameter '"
                                + k
                                + "' for strategy "
                                + name
                                + ": its parameters are "
                                + String.join(", ", known));
            }
        }
        for (String k : known) {
            if (!params.containsKey(k)) {
                throw new BacktestError("strategy " + name + " needs parameter '" + k + "'");
            }
        }
        KernelConfig.StrategyFactory f = new Spec(name, Map.copyOf(params));
        try {
            f.get(); // validates the values now, with the strategy's own message
        } catch (IllegalArgumentException e) {
            throw new BacktestError("strategy " + name + ": " + e.getMessage());
        }
        return f;
    }

    /**
     * A named strategy's factory as plain data (name and parameters) rather than a lambda: a
     * serialised lambda names a synthetic method of this class, which any edit here may renumber,
     * while a record reads back by its component names — the trader's savepoints carry this factory
     * in the kernel state serializer's snapshot.
     */
    public record Spec(String name, Map<String, Double> params)
            implements KernelConfig.StrategyFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public dev.algotrader.core.trading.Strategy get() {
            Map<String, Double> p = params;
            return switch (name) {
                case "sma-cross" -> new SmaCrossStrategy(whole(p, "fast"), whole(p, "slow"));
                case "rsi-reversion" ->
                        new RsiReversionStrategy(
                                whole(p, "period"), p.get("lower"), p.get("upper"), p.get("exit"));
                default ->
                        new ModelThresholdStrategy(
                                p.get("enter"),
                                p.get("exit"),
                                p.get("short-enter"),
                                p.get("short-exit"));
            };
        }
    }

    private static int whole(Map<String, Double> p, String k) {
        double v = p.get(k);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(k + " must be a whole number of bars, got " + v);
        }
        return (int) v;
    }

    /** Whether the strategy reads model scores. */
    public static boolean needsModel(String name) {
        return "model".equals(name);
    }

    static Set<String> names() {
        return PARAMS.keySet();
    }
}
