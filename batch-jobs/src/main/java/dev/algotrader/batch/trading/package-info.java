/**
 * {@code algo-trader trading-sink}: a Spark Structured Streaming job that reads the trader's topics
 * ({@code trader.orders|fills|positions|equity}, {@code read_committed}) and MERGEs them into the
 * {@code trading/*} Delta tables on their natural keys. Exactly once: the query's checkpoint holds
 * the offsets of each micro-batch, a failed batch is replayed from them, and a replayed batch
 * MERGEs the same rows again, which changes nothing.
 */
package dev.algotrader.batch.trading;
