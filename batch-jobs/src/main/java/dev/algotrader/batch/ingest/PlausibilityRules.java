package dev.algotrader.batch.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.algotrader.core.config.AppConfig;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The plausibility rules of ingest ({@code algotrader.ingest.plausibility}): per symbol, the
 * earliest believable time, absolute price and volume caps, and the limits of the neighbour checks
 * (price jump against the surrounding bars' median close, volume spike against their median
 * volume); plus the correction tolerance for replacing stored bars.
 */
public record PlausibilityRules(
        Limits defaults,
        Map<String, Limits> bySymbol,
        int jumpWindow,
        int jumpNeighbours,
        double correctionTolerance,
        boolean allowCorrections)
        implements Serializable {

    private static final String AREA = "algotrader.ingest.plausibility";

    private static final Set<String> SYMBOL_KEYS =
            Set.of(
                    "earliest",
                    "max-price",
                    "max-volume",
                    "jump-k",
                    "jump-min-log-return",
                    "volume-median-multiple");

    /** The limits that apply to one symbol. */
    public record Limits(
            long earliestMillis,
            double maxPrice,
            double maxVolume,
            double jumpK,
            double jumpMinLogReturn,
            double volumeMedianMultiple)
            implements Serializable {

        /** {@code earliest} as an instant, for messages. */
        public String earliest() {
            return Instant.ofEpochMilli(earliestMillis).toString();
        }
    }

    public PlausibilityRules {
        bySymbol = Map.copyOf(bySymbol);
        if (jumpWindow < 2 || jumpNeighbours < 1) {
            throw new AppConfig.ConfigError(
                    AREA + ".jump-window must be >= 2 and jump-neighbours >= 1");
        }
    }

    /**
     * Rules from {@code algotrader.ingest}; corrections refused unless {@code allowCorrections}.
     */
    public static PlausibilityRules from(Config ingest, boolean allowCorrections) {
        Config p = ingest.getConfig("plausibility");
        Config base =
                p.withoutPath("symbols")
                        .withoutPath("jump-window")
                        .withoutPath("jump-neighbours")
                        .withFallback(
                                ConfigFactory.parseMap(
                                        Map.of(
                                                "max-price", ingest.getDouble("max-price"),
                                                "max-volume", ingest.getDouble("max-volume"))));
        Limits defaults = limits(base, AREA);
        Map<String, Limits> bySymbol = new HashMap<>();
        Config symbols = p.getConfig("symbols");
        for (String symbol : symbols.root().keySet()) {
            String where = AREA + ".symbols.\"" + symbol + "\"";
            Config own;
            try {
                own = symbols.getConfig("\"" + symbol + "\"");
            } catch (ConfigException e) {
                throw new AppConfig.ConfigError(where + " must be an object { earliest = … }");
            }
            for (String k : own.root().keySet()) {
                if (!SYMBOL_KEYS.contains(k)) {
                    throw new AppConfig.ConfigError(
                            "unknown configuration key "
                                    + where
                                    + "."
                                    + k
                                    + " (known: "
                                    + SYMBOL_KEYS.stream().sorted().toList()
                                    + ")");
                }
            }
            bySymbol.put(symbol, limits(own.withFallback(base), where));
        }
        return new PlausibilityRules(
                defaults,
                bySymbol,
                p.getInt("jump-window"),
                p.getInt("jump-neighbours"),
                ingest.getDouble("correction-tolerance"),
                allowCorrections);
    }

    /** The limits of {@code symbol} (its own block, else the defaults). */
    public Limits of(String symbol) {
        return bySymbol.getOrDefault(symbol, defaults);
    }

    private static Limits limits(Config c, String where) {
        long earliest;
        try {
            earliest = Instant.parse(c.getString("earliest")).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new AppConfig.ConfigError(
                    where
                            + ".earliest must be an ISO-8601 instant like 2009-01-03T00:00:00Z, got '"
                            + c.getString("earliest")
                            + "'");
        }
        return new Limits(
                earliest,
                c.getDouble("max-price"),
                c.getDouble("max-volume"),
                c.getDouble("jump-k"),
                c.getDouble("jump-min-log-return"),
                c.getDouble("volume-median-multiple"));
    }
}
