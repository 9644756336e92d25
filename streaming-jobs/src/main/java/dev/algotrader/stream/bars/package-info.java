/**
 * Bars into the trader: file replay (the hand-off from {@code silver/bars}, optionally paced
 * without blocking the task thread), Alpaca or CoinGecko polling, and the per-symbol sequencer.
 * Invariants: each (symbol, ts) reaches the kernel at most once and in time order; late, duplicate
 * and invalid bars go to a counted side output with a reason, never silently dropped.
 */
package dev.algotrader.stream.bars;
