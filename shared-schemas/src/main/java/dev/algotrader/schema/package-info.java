/**
 * Shared contracts between every engine: immutable records for bars, features, signals, orders,
 * fills, positions, equity and audit events, plus table and feature-set specifications.
 *
 * <p>Invariants: times are epoch milliseconds UTC of the bar <em>open</em>; a bar at {@code ts} is
 * known at {@code ts + interval}. Records hold no engine types (no Spark, no Flink) so the batch,
 * streaming and backtest paths share them unchanged.
 */
package dev.algotrader.schema;
