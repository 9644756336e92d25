/**
 * The backtester: binds {@code algotrader.backtest} into a {@link
 * dev.algotrader.core.backtest.BacktestConfig} and replays bars of one or many symbols in time
 * order through one {@link dev.algotrader.core.trading.TradingKernel} per symbol.
 *
 * <p>Invariants: the same config and bars give the same orders, fills and equity (no wall clock, no
 * unseeded randomness); user mistakes (unknown key, impossible value, empty period, unknown symbol)
 * raise a {@link dev.algotrader.core.backtest.BacktestError} with one line saying what to do.
 */
package dev.algotrader.core.backtest;
