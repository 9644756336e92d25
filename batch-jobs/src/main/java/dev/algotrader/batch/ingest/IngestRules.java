package dev.algotrader.batch.ingest;

import com.typesafe.config.Config;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.schema.BarInterval;
import java.io.Serializable;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The validation rules of ingest, with their thresholds from {@code algotrader.ingest} (quality
 * rules as data). {@link #check(Row)} returns the quarantine reason of one record or null; the
 * rules that need neighbouring bars are in {@link PlausibilityStage}.
 */
public record IngestRules(
        Set<String> symbols,
        long nowMillis,
        long maxFutureSkewMillis,
        boolean assumeUtcWithoutZone,
        PlausibilityRules plausibility)
        implements Serializable {

    /** Rules from config, "now" from the injected clock; corrections refused. */
    public static IngestRules from(AppConfig config, Clock clock) {
        return from(config, clock, false);
    }

    /** Rules from config, "now" from the injected clock. */
    public static IngestRules from(AppConfig config, Clock clock, boolean allowCorrections) {
        Config c = config.area("ingest");
        List<String> syms = c.getStringList("symbols");
        return new IngestRules(
                new HashSet<>(syms),
                clock.millis(),
                c.getDuration("max-future-skew").toMillis(),
                c.getBoolean("assume-utc-without-zone"),
                PlausibilityRules.from(c, allowCorrections));
    }

    /** The reason {@code r} (a parsed record) must be quarantined, or null when it is good. */
    public String check(Row r) {
        if (!r.isNullAt(Records.REASON)) return r.getString(Records.REASON);
        String symbol = r.getString(Records.SYMBOL);
        if (symbol == null || symbol.isBlank()) return "missing symbol";
        if (!symbols.contains(symbol)) {
            return "unknown symbol '"
                    + symbol
                    + "' (known: algotrader.ingest.symbols = "
                    + symbols.stream().sorted().toList()
                    + ")";
        }
        boolean trade = r.getBoolean(Records.IS_TRADE);
        double o = r.getDouble(Records.OPEN),
                h = r.getDouble(Records.HIGH),
                l = r.getDouble(Records.LOW),
                c = r.getDouble(Records.CLOSE),
                v = r.getDouble(Records.VOLUME);
        String[] names =
                trade
                        ? new String[] {"price", "price", "price", "price", "amount"}
                        : new String[] {"open", "high", "low", "close", "volume"};
        double[] vals = {o, h, l, c, v};
        PlausibilityRules.Limits lim = plausibility.of(symbol);
        double maxPrice = lim.maxPrice(), maxVolume = lim.maxVolume();
        for (int i = 0; i < vals.length; i++) {
            if (Double.isNaN(vals[i]) || Double.isInfinite(vals[i])) {
                return "non-finite " + names[i] + " (NaN or Infinity)";
            }
        }
        for (int i = 0; i < 4; i++) {
            if (vals[i] <= 0) return "non-positive " + names[i] + " " + vals[i];
            if (vals[i] > maxPrice) {
                return names[i]
                        + " above cap: "
                        + vals[i]
                        + " > algotrader.ingest.max-price "
                        + maxPrice
                        + " for "
                        + symbol;
            }
        }
        if (v < 0) return "negative " + names[4] + " " + v;
        if (v > maxVolume) {
            return names[4]
                    + " above cap: "
                    + v
                    + " > algotrader.ingest.max-volume "
                    + maxVolume
                    + " for "
                    + symbol;
        }
        if (h < l) return "high < low (" + h + " < " + l + ")";
        if (h < Math.max(o, c) || l > Math.min(o, c)) return "open/close outside high-low range";
        long ts = r.getLong(Records.TS);
        if (ts < lim.earliestMillis()) {
            return "timestamp before earliest: "
                    + java.time.Instant.ofEpochMilli(ts)
                    + " is before "
                    + lim.earliest()
                    + ", the earliest plausible time of "
                    + symbol
                    + " (algotrader.ingest.plausibility.earliest)";
        }
        long step = BarInterval.parse(r.getString(Records.INTERVAL)).millis();
        if (!trade && Math.floorMod(ts, step) != 0) {
            return "bar time "
                    + ts
                    + " not aligned to its "
                    + r.getString(Records.INTERVAL)
                    + " interval";
        }
        // a trade is known at its time, a bar at its close
        long knownAt = trade ? ts : ts + step;
        if (knownAt > nowMillis + maxFutureSkewMillis) {
            return "timestamp in the future: "
                    + java.time.Instant.ofEpochMilli(knownAt)
                    + " is after now "
                    + java.time.Instant.ofEpochMilli(nowMillis)
                    + " + algotrader.ingest.max-future-skew";
        }
        return null;
    }
}
