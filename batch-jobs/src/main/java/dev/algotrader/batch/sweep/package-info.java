/**
 * The backtest sweep: a grid of strategy parameters × symbols run as parallel Spark tasks, each
 * task the unchanged core {@link dev.algotrader.core.backtest.Backtester}, collected into a ranked
 * leaderboard (CSV, DataFrame, terminal table). Deterministic: the same grid and bars give the same
 * leaderboard whatever the parallelism.
 */
package dev.algotrader.batch.sweep;
