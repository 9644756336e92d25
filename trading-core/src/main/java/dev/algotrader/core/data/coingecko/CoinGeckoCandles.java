package dev.algotrader.core.data.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.List;

/**
 * CoinGecko {@code /coins/{id}/ohlc} entries as bars. Each entry is {@code [closeTimeMs, open,
 * high, low, close]}; the timestamp is the candle's CLOSE time, so the bar's open time is that
 * minus the candle length, and there is no volume (0). The candle length is chosen by CoinGecko
 * from {@code days} ({@link #granularity}).
 */
public final class CoinGeckoCandles {

    /** One entry: a bar, or why the entry is unusable. {@code index} counts from 1. */
    public record Candle(int index, String raw, Bar bar, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private CoinGeckoCandles() {}

    /**
     * Candles of {@code arr} for {@code symbol} labelled {@code interval} of {@code stepMillis}.
     */
    public static List<Candle> parse(
            JsonNode arr, String symbol, String interval, long stepMillis) {
        List<Candle> out = new ArrayList<>();
        int i = 0;
        for (JsonNode c : arr) {
            i++;
            String raw = c.toString();
            if (!c.isArray() || c.size() != 5 || !c.get(0).canConvertToLong()) {
                out.add(
                        new Candle(
                                i, raw, null, "malformed OHLC entry: expected [time, o, h, l, c]"));
                continue;
            }
            long ts = c.get(0).asLong() - stepMillis;
            out.add(
                    new Candle(
                            i,
                            raw,
                            new Bar(
                                    symbol,
                                    interval,
                                    ts,
                                    c.get(1).asDouble(Double.NaN),
                                    c.get(2).asDouble(Double.NaN),
                                    c.get(3).asDouble(Double.NaN),
                                    c.get(4).asDouble(Double.NaN),
                                    0.0),
                            null));
        }
        return out;
    }

    /**
     * The candle length CoinGecko's {@code /ohlc} returns for {@code days} (documented
     * auto-granularity): 1–2 days → 30m, 3–30 days → 4h, more (or {@code max}) → 4 days.
     */
    public static String granularity(String days) {
        if (days.equalsIgnoreCase("max")) return "4d";
        int d;
        try {
            d = Integer.parseInt(days.trim());
        } catch (NumberFormatException e) {
            throw new CoinGeckoException(
                    "CoinGecko days must be a number or max, not '" + days + "'");
        }
        if (d <= 2) return "30m";
        if (d <= 30) return "4h";
        return "4d";
    }
}
