package dev.algotrader.core.backtest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.ExecutionMode;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.OrderPolicy;
import dev.algotrader.core.trading.RiskLimits;
import dev.algotrader.core.trading.Sizing;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.OrderType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One backtest's settings, bound from {@code algotrader.backtest} ({@code
 * conf/defaults/backtest.conf}). Unknown keys and impossible values fail with one line naming the
 * key. {@code from}/{@code to} are null for "the whole input"; {@code to} is exclusive.
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
            if (!Strategies.PARAMS.containsKey(strategy)) {
                throw new BacktestError(
                        "backtest.strategy '"
                                + strategy
                                + "' is unknown: use sma-cross, rsi-reversion or model");
            }
            Config sp = c.getConfig("strategies." + strategy);
            Map<String, Double> params = new LinkedHashMap<>();
            for (String k : Strategies.PARAMS.get(strategy)) params.put(k, sp.getDouble(k));
            String modelVersion = "model".equals(strategy) ? sp.getString("model-version") : "";
            Config sz = c.getConfig("sizing");
            Sizing sizing =
                    new Sizing(
                            enumOf(Sizing.Method.class, sz.getString("method"), "sizing.method"),
                            sz.getDouble("fraction"),
                            sz.getDouble("vol-target"),
                            sz.getInt("vol-lookback"),
                            sz.getDouble("max-leverage"));
            Config o = c.getConfig("orders");
            long latency = c.getLong("latency-ms");
            OrderPolicy orders =
                    new OrderPolicy(
                            enumOf(OrderType.class, o.getString("entry-type"), "orders.entry-type"),
                            o.getDouble("offset-bps"),
                            o.getInt("ttl-bars"),
                            o.getDouble("stop-loss"),
                            o.getDouble("take-profit"),
                            latency);
            Config f = c.getConfig("fill");
            BarRangeFillModel fill =
                    new BarRangeFillModel(
                            f.getDouble("slippage-bps"),
                            f.getDouble("impact-bps"),
                            f.getDouble("participation-cap"),
                            f.getDouble("volume-free-notional-cap"));
            FeeModel.Bps fees =
                    new FeeModel.Bps(f.getDouble("maker-fee-bps"), f.getDouble("taker-fee-bps"));
            Config r = c.getConfig("risk");
            RiskLimits risk =
                    new RiskLimits(
                            r.getDouble("max-position-qty"),
                            r.getDouble("max-position-notional"),
                            r.getDouble("max-order-notional"),
                            r.getInt("max-orders-per-window"),
                            r.getDuration("order-window").toMillis(),
                            r.getDouble("max-drawdown"),
                            r.getBoolean("kill-switch"),
                            r.getDuration("stale-after").toMillis(),
                            r.getBoolean("block-on-gap"));
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
                            enumOf(TradingMode.class, c.getString("mode"), "mode"),
                            latency,
                            c.getLong("seed"),
                            sizing,
                            orders,
                            fill,
                            fees,
                            risk);
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
        return ConfigFactory.parseResources(
                        BacktestConfig.class.getClassLoader(), "conf/defaults/backtest.conf")
                .resolve();
    }

    private static void checkKnownKeys(Config c) {
        Config ref = defaultsTree().getConfig(ROOT);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            if (!ref.hasPathOrNull(e.getKey())) unknown.add("backtest." + e.getKey());
        }
        if (!unknown.isEmpty()) {
            throw new BacktestError(
                    "unknown backtest key(s): "
                            + String.join(", ", unknown.stream().sorted().toList())
                            + " (see conf/defaults/backtest.conf for the keys and their spelling)");
        }
        // a list where a number is expected etc. is reported by the getters below
        if (c.hasPath("symbols") && c.getValue("symbols").valueType() != ConfigValueType.LIST) {
            throw new BacktestError("backtest.symbols must be a list, e.g. [\"BTC/USD\"]");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String text, String key) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E v : type.getEnumConstants()) {
                names.add(v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new BacktestError(
                    "backtest." + key + " '" + text + "' is unknown: use one of " + names);
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
        if (latencyMs < 0) throw new BacktestError("backtest.latency-ms must be >= 0");
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

    /** The kernel configuration of one symbol with {@code cash} to start. */
    public KernelConfig kernelConfig(String runId, String symbol, double cash) {
        return new KernelConfig(
                runId,
                symbol,
                BarInterval.parse(interval).millis(),
                cash,
                mode,
                ExecutionMode.SIMULATED,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk,
                Strategies.factory(strategy, strategyParams),
                modelVersion);
    }
}
