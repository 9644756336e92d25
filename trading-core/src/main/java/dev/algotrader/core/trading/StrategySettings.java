package dev.algotrader.core.trading;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.algotrader.core.config.StrategyKeys;
import dev.algotrader.schema.OrderType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How decisions become positions, orders and fills — bound once from {@code algotrader.strategy.*}
 * ({@code conf/defaults/strategy.conf}) and shared by the backtester and the trader. The old
 * spelling under {@code algotrader.backtest.*} is still read: each old key that is set wins and is
 * logged once as a WARN naming its new key. Unknown keys and impossible values fail with a message
 * naming the key; {@code params} holds every strategy's numeric parameters by strategy name.
 */
public record StrategySettings(
        TradingMode mode,
        Sizing sizing,
        OrderPolicy orders,
        BarRangeFillModel fillModel,
        FeeModel.Bps feeModel,
        RiskLimits risk,
        Map<String, Map<String, Double>> params,
        String modelVersion)
        implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(StrategySettings.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    public StrategySettings {
        params = Map.copyOf(params);
        modelVersion = modelVersion == null ? "" : modelVersion;
    }

    /** Binds {@code algotrader.strategy} and the old keys of {@code algotrader.backtest}. */
    public static StrategySettings from(Config root) {
        return bind(
                root.hasPath(StrategyKeys.ROOT) ? root.getConfig(StrategyKeys.ROOT) : null,
                root.hasPath(StrategyKeys.LEGACY_ROOT)
                        ? root.getConfig(StrategyKeys.LEGACY_ROOT)
                        : null);
    }

    /**
     * Binds the strategy tree {@code strategy} (null = the defaults) with the old-spelling keys of
     * the backtest tree {@code legacy} (null = none) on top.
     */
    public static StrategySettings bind(Config strategy, Config legacy) {
        Config defaults = defaults();
        Config c = strategy == null ? defaults : strategy.withFallback(defaults);
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            if (!defaults.hasPathOrNull(e.getKey())) unknown.add("strategy." + e.getKey());
        }
        if (legacy != null) {
            for (Map.Entry<String, ConfigValue> e : legacy.entrySet()) {
                String to = StrategyKeys.moved(e.getKey());
                if (to != null && !defaults.hasPathOrNull(to)) {
                    unknown.add("backtest." + e.getKey());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown strategy key(s): "
                            + String.join(", ", unknown.stream().sorted().toList())
                            + " (see conf/defaults/strategy.conf for the keys and their spelling)");
        }
        Map<String, String> labels = new HashMap<>();
        if (legacy != null) {
            for (Map.Entry<String, ConfigValue> e : legacy.entrySet()) {
                String to = StrategyKeys.moved(e.getKey());
                if (to == null) continue;
                c = c.withValue(to, e.getValue());
                labels.put(to, "backtest." + e.getKey());
                if (WARNED.add(e.getKey())) {
                    LOG.warn(
                            "{}.{} is deprecated: set {}.{} instead (the old key wins while set)",
                            StrategyKeys.LEGACY_ROOT,
                            e.getKey(),
                            StrategyKeys.ROOT,
                            to);
                }
            }
        }
        return read(c, labels);
    }

    private static StrategySettings read(Config c, Map<String, String> labels) {
        Config sz = c.getConfig("sizing");
        Sizing sizing =
                new Sizing(
                        enumOf(Sizing.Method.class, c, "sizing.method", labels),
                        sz.getDouble("fraction"),
                        sz.getDouble("vol-target"),
                        sz.getInt("vol-lookback"),
                        sz.getDouble("max-leverage"));
        Config o = c.getConfig("orders");
        OrderPolicy orders =
                new OrderPolicy(
                        enumOf(OrderType.class, c, "orders.entry-type", labels),
                        o.getDouble("offset-bps"),
                        o.getInt("ttl-bars"),
                        o.getDouble("stop-loss"),
                        o.getDouble("take-profit"),
                        o.getLong("latency-ms"));
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
        Map<String, Map<String, Double>> params = new LinkedHashMap<>();
        Config p = c.getConfig("params");
        for (String name : p.root().keySet()) {
            Config one = p.getConfig(quoted(name));
            Map<String, Double> values = new LinkedHashMap<>();
            for (String k : one.root().keySet()) {
                if (!k.equals("model-version")) values.put(k, one.getDouble(quoted(k)));
            }
            params.put(name, Map.copyOf(values));
        }
        return new StrategySettings(
                enumOf(TradingMode.class, c, "mode", labels),
                sizing,
                orders,
                fill,
                fees,
                risk,
                params,
                p.getString("model.model-version"));
    }

    private static String quoted(String key) {
        return "\"" + key + "\"";
    }

    /** The packaged {@code algotrader.strategy} defaults. */
    public static Config defaults() {
        return ConfigFactory.parseResources(
                        StrategySettings.class.getClassLoader(), "conf/defaults/strategy.conf")
                .resolve()
                .getConfig(StrategyKeys.ROOT);
    }

    private static <E extends Enum<E>> E enumOf(
            Class<E> type, Config c, String key, Map<String, String> labels) {
        String text = c.getString(key);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E v : type.getEnumConstants()) {
                names.add(v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(
                    labels.getOrDefault(key, "strategy." + key)
                            + " '"
                            + text
                            + "' is unknown: use one of "
                            + names);
        }
    }

    /** The parameters of strategy {@code name} (empty when it has none). */
    public Map<String, Double> paramsOf(String name) {
        return params.getOrDefault(name, Map.of());
    }

    /** The kernel configuration of one symbol trading with {@code strategy}. */
    public KernelConfig kernelConfig(
            String runId,
            String symbol,
            long intervalMillis,
            double cash,
            KernelConfig.StrategyFactory strategy,
            String version) {
        return new KernelConfig(
                runId,
                symbol,
                intervalMillis,
                cash,
                mode,
                sizing,
                orders,
                fillModel,
                feeModel,
                risk,
                strategy,
                version);
    }
}
