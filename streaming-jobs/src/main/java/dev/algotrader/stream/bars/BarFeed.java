package dev.algotrader.stream.bars;

import dev.algotrader.schema.Bar;
import java.io.Serializable;
import java.util.List;

/**
 * A market-data service the {@link BarPoller} asks for bars: Alpaca's crypto bars ({@link
 * AlpacaBarsClient}) or CoinGecko's OHLC candles ({@link CoinGeckoBarFeed}). Serializable: it holds
 * locations and settings, never keys (those are read from the environment where it runs).
 */
public interface BarFeed extends Serializable {

    /**
     * The bars of {@code symbols} with open time at or after {@code startMillis} that the service
     * has now, per symbol in ascending time (the last one may still be forming).
     */
    List<Bar> fetch(List<String> symbols, long startMillis) throws Exception;

    /** Short name for logs ({@code alpaca}, {@code coingecko}). */
    String name();
}
