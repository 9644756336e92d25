/**
 * CoinGecko REST client: {@code /coins/{id}/ohlc} (timestamps are candle CLOSE times, no volume)
 * and {@code /coins/{id}/market_chart/range} (price points). Sends the demo or pro key header from
 * {@code COINGECKO_API_KEY}, never logs it, keeps a client-side rate limit and backs off on 429.
 */
package dev.algotrader.batch.ingest.coingecko;
