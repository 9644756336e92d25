/**
 * {@code algo-trader bars-feed}: publishes the closed bars of {@code silver/bars} to {@code
 * bars.<interval>} (key: symbol) with an idempotent producer. Re-running it publishes only the bars
 * after the newest one already on the topic per symbol, so a replay never doubles a bar; bars
 * marked incomplete ({@code complete = false}) are never published.
 */
package dev.algotrader.batch.feed;
