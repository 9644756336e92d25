package dev.algotrader.core.backtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.algotrader.core.config.StrategyKeys;
import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.OrderPolicy;
import dev.algotrader.core.trading.RiskLimits;
import dev.algotrader.core.trading.Sizing;
import dev.algotrader.core.trading.StrategySettings;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.schema.BarInterval;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One backtest's settings, bound from {@code algotrader.backtest} ({@code
 * conf/defaults/backtest.conf}: strategy, symbols, period, interval, cash, seed) and the shared
 * {@link StrategySettings} of {@code algotrader.strategy} (mode, latency, sizing, orders, fill,
 * risk, the strategies' parameters). Unknown keys and impossible values fail with one line naming
 * the key. {@code from}/{@code to} are null for "the whole input"; {@code to} is exclusive.
 */
public record BacktestConfig(
        String strategy,
        Map<String, Double> strategyParams,
        String modelVersion,
        List<String> symbols,
        Instant from,
        Instant to,
        String interval,
        double initialCash,
        TradingMode mode,
        long latencyMs,
        long seed,
        Sizing sizing,
        OrderPolicy orders,
        BarRangeFillModel fillModel,
        FeeModel.Bps feeModel,
        RiskLimits risk)
        implements Serializable {

    private static final String ROOT = "algotrader.backtest";

    /** Binds the {@code algotrader.backtest} sub-tree of a resolved configuration. */
    public static BacktestConfig from(Config root) {
        Config c = root.hasPath(ROOT) ? root.getConfig(ROOT) : root;
        checkKnownKeys(c);
        try {
            String strategy = c.getString("strategy");
            Strategies.requireKnown(strategy, "backtest.strategy");
            StrategySettings ss =
                    StrategySettings.bind(
                            root.hasPath(StrategyKeys.ROOT)
                                    ? root.getConfig(StrategyKeys.ROOT)
                                    : null,
                            c);
            Map<String, Double> params = Strategies.params(ss, strategy, "backtest.strategy");
            String modelVersion = "model".equals(strategy) ? ss.modelVersion() : "";
            BacktestConfig cfg =
                    new BacktestConfig(
                            strategy,
                            params,
                            modelVersion,
                            List.copyOf(c.getStringList("symbols")),
                            instant(c.getString("from"), "from"),
                            instant(c.getString("to"), "to"),
                            c.getString("interval"),
                            c.getDouble("initial-cash"),
                            ss.mode(),
                            ss.orders().latencyMs(),
                            c.getLong("seed"),
                            ss.sizing(),
                            ss.orders(),
                            ss.fillModel(),
                            ss.feeModel(),
                            ss.risk());
            cfg.validate();
            return cfg;
        } catch (ConfigException e) {
            throw new BacktestError("backtest configuration is invalid: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BacktestError("backtest configuration is invalid: " + e.getMessage());
        }
    }

    /**
     * Binds {@code root} with command-line flags on top: keys relative to {@code
     * algotrader.backtest} (e.g. {@code strategy}, {@code from}, {@code to}, {@code symbols} as a
     * comma list); null or empty values are ignored.
     */
    public static BacktestConfig from(Config root, Map<String, String> flags) {
        Config over = ConfigFactory.empty();
        for (Map.Entry<String, String> e : flags.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) continue;
            Object v =
                    e.getKey().equals("symbols")
                            ? List.of(e.getValue().split("\\s*,\\s*"))
                            : e.getValue();
            over = over.withValue(ROOT + "." + e.getKey(), ConfigValueFactory.fromAnyRef(v));
        }
        return from(over.withFallback(root));
    }

    /** The packaged defaults ({@code conf/defaults/backtest.conf}) merged under {@code hocon}. */
    public static BacktestConfig fromHocon(String hocon) {
        Config over = ConfigFactory.parseString(hocon);
        return from(over.withFallback(defaultsTree()).resolve());
    }

    private static Config defaultsTree() {
        ClassLoader cl = BacktestConfig.class.getClassLoader();
        return ConfigFactory.parseResources(cl, "conf/defaults/backtest.conf")
                .withFallback(ConfigFactory.parseResources(cl, "conf/defaults/strategy.conf"))
                .resolve();
    }

    private static void checkKnownKeys(Config c) {
        Config ref = defaultsTree();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            String k = e.getKey();
            String moved = StrategyKeys.moved(k);
            boolean known =
                    moved == null
                            ? ref.hasPathOrNull(ROOT + "." + k)
                            : ref.hasPathOrNull(StrategyKeys.ROOT + "." + moved);
            if (!known) unknown.add("backtest." + k);
        }
        if (!unknown.isEmpty()) {
            throw new BacktestError(
                    "unknown backtest key(s): "
                            + String.join(", ", unknown.stream().sorted().toList())
                            + " (see conf/defaults/backtest.conf and conf/defaults/strategy.conf"
                            + " for the keys and their spelling)");
        }
        // a list where a number is expected etc. is reported by the getters below
        if (c.hasPath("symbols") && c.getValue("symbols").valueType() != ConfigValueType.LIST) {
            throw new BacktestError("backtest.symbols must be a list, e.g. [\"BTC/USD\"]");
        }
    }

    /** Parses {@code 2013-11-26} or {@code 2013-11-26T12:00:00Z}; empty means unbounded. */
    public static Instant instant(String text, String key) {
        if (text == null || text.isBlank()) return null;
        try {
            if (text.length() == 10)
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BacktestError(
                    "backtest."
                            + key
                            + " '"
                            + text
                            + "' is not a date: use 2013-11-26 or 2013-11-26T12:00:00Z");
        }
    }

    void validate() {
        BarInterval.parse(interval);
        if (!(initialCash > 0) || !Double.isFinite(initialCash)) {
            throw new BacktestError("backtest.initial-cash must be > 0, got " + initialCash);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BacktestError(
                    "backtest period is empty: from " + from + " is not before to " + to);
        }
        Strategies.factory(strategy, strategyParams);
    }

    /** The same settings with another strategy and parameters (used by the sweep). */
    public BacktestConfig withStrategy(String name, Map<String, Double> params) {
        BacktestConfig c =
                new BacktestConfig(
                        name,
                        Map.copyOf(params),
                        modelVersion,
                        symbols,
                        from,
                        to,
                        interval,
                        initialCash,
                        mode,
                        latencyMs,
                        seed,
                        sizing,
                        orders,
                        fillModel,
                        feeModel,
                        risk);
        c.validate();
        return c;
    }

    /** The same settings over another period ({@code null} = unbounded). */
    public BacktestConfig withPeriod(Instant newFrom, Instant newTo) {
        BacktestConfig c =
                new BacktestConfig(
                        strategy,
                        strategyParams,
                        modelVersion,
                        symbols,
                        newFrom,
                        newTo,
                        interval,
                        initialCash,
                        mode,
                        latencyMs,
                        seed,
                        sizing,
                        orders,
                        fillModel,
                        feeModel,
                        risk);
        c.validate();
        return c;
    }

    /** The same settings for other symbols (empty = every symbol of the input). */
    public BacktestConfig withSymbols(List<String> newSymbols) {
        return new BacktestConfig(
                strategy,
                strategyParams,
                modelVersion,
                List.copyOf(newSymbols),
                from,
                to,
                interval,
                initialCash,
                mode,
                latencyMs,
                seed,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk);
    }

    /** The same settings with another order policy (e.g. latency) — for tests and sweeps. */
    public BacktestConfig withOrders(OrderPolicy newOrders) {
        return new BacktestConfig(
                strategy,
                strategyParams,
                modelVersion,
                symbols,
                from,
                to,
                interval,
                initialCash,
                mode,
                newOrders.latencyMs(),
                seed,
                sizing,
                newOrders,
                fillModel,
                feeModel,
                risk);
    }

    /** The shared strategy settings this backtest runs with (its strategy's parameters only). */
    public StrategySettings strategySettings() {
        return new StrategySettings(
                mode,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk,
                Map.of(strategy, strategyParams),
                modelVersion);
    }

    /** The kernel configuration of one symbol with {@code cash} to start. */
    public KernelConfig kernelConfig(String runId, String symbol, double cash) {
        return strategySettings()
                .kernelConfig(
                        runId,
                        symbol,
                        BarInterval.parse(interval).millis(),
                        cash,
                        Strategies.factory(strategy, strategyParams),
                        modelVersion);
    }
}
