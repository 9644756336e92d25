/**
 * CoinGecko REST client shared by the batch ingest (Spark) and the trader's bar poller (Flink):
 * {@code /coins/{id}/ohlc} (timestamps are candle CLOSE times, no volume) and {@code
 * /coins/{id}/market_chart/range} (price points). Sends the demo or pro key header from {@code
 * COINGECKO_API_KEY}, never logs it, keeps a client-side rate limit and backs off on 429/5xx. Pure
 * HTTP and JSON: no Spark, no Flink.
 */
package dev.algotrader.core.data.coingecko;
