package dev.algotrader.stream.bars;

import dev.algotrader.core.data.coingecko.CoinGeckoCandles;
import dev.algotrader.core.data.coingecko.CoinGeckoClient;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoinGecko as a bar feed: {@code GET /coins/{id}/ohlc?vs_currency=..&days=..} per symbol through
 * the shared {@link CoinGeckoClient} (trading-core; the batch ingest uses the same client and
 * candle parsing). CoinGecko picks the candle length from {@code days} (1–2 days: 30m, 3–30 days:
 * 4h, more: 4 days) and stamps each candle with its close time; the trader's interval must be that
 * length, which the constructor checks. Candles have no volume (0). The vs currency is the quote of
 * the symbol ({@code BTC/USD} → {@code usd}); the coin id comes from {@code coinIds}. The API key
 * ({@code COINGECKO_API_KEY}, optional) is read where the poll runs and never travels with the job.
 */
public final class CoinGeckoBarFeed implements BarFeed {

    private static final Logger LOG = LoggerFactory.getLogger(CoinGeckoBarFeed.class);

    private final String baseUrl;
    private final String plan;
    private final int requestsPerMinute;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Map<String, String> coinIds;
    private final String days;
    private final String interval;
    private transient CoinGeckoClient client;

    /**
     * @param coinIds platform symbol → CoinGecko coin id ({@code BTC/USD} → {@code bitcoin})
     * @param days the {@code /ohlc} window; its candle length must equal {@code interval}
     */
    public CoinGeckoBarFeed(
            String baseUrl,
            String plan,
            int requestsPerMinute,
            int maxRetries,
            Duration initialBackoff,
            Map<String, String> coinIds,
            String days,
            String interval) {
        this.baseUrl = baseUrl;
        this.plan = plan;
        this.requestsPerMinute = requestsPerMinute;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.coinIds = Map.copyOf(coinIds);
        this.days = days;
        this.interval = interval;
        String candle = CoinGeckoCandles.granularity(days);
        if (BarInterval.parse(candle).millis() != BarInterval.parse(interval).millis()) {
            throw new IllegalArgumentException(
                    "CoinGecko /ohlc with days="
                            + days
                            + " gives "
                            + candle
                            + " candles, but the trader's interval is "
                            + interval
                            + ": set algotrader.trader.interval = \""
                            + candle
                            + "\" (days 1-2: 30m, 3-30: 4h, more: 4d)");
        }
    }

    /** The coin id of {@code symbol}; a clear error when it is not configured. */
    public String coinId(String symbol) {
        String id = coinIds.get(symbol);
        if (id == null) {
            throw new IllegalArgumentException(
                    "no CoinGecko coin id for "
                            + symbol
                            + ": add it to algotrader.trader.coingecko.coin-ids, e.g. \""
                            + symbol
                            + "\" = bitcoin");
        }
        return id;
    }

    /** {@code BTC/USD} → {@code usd}. */
    static String vsCurrency(String symbol) {
        int slash = symbol.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "symbol " + symbol + " has no quote currency: use BASE/QUOTE, e.g. BTC/USD");
        }
        return symbol.substring(slash + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return "coingecko";
    }

    @Override
    public List<Bar> fetch(List<String> symbols, long startMillis) {
        if (client == null) {
            client =
                    new CoinGeckoClient(
                            baseUrl,
                            plan,
                            System.getenv("COINGECKO_API_KEY"),
                            requestsPerMinute,
                            maxRetries,
                            initialBackoff,
                            Thread::sleep);
        }
        long step = BarInterval.parse(interval).millis();
        List<Bar> out = new ArrayList<>();
        for (String symbol : symbols) {
            var candles =
                    CoinGeckoCandles.parse(
                            client.ohlc(coinId(symbol), vsCurrency(symbol), days),
                            symbol,
                            interval,
                            step);
            int bad = 0;
            for (CoinGeckoCandles.Candle c : candles) {
                if (!c.ok()) {
                    bad++;
                } else if (c.bar().ts() >= startMillis) {
                    out.add(c.bar());
                }
            }
            if (bad > 0) LOG.warn("CoinGecko sent {} malformed OHLC entries for {}", bad, symbol);
        }
        return out;
    }
}
