/**
 * Backtest outputs for people: a JSON summary and a self-contained HTML report (inline SVG, no
 * external URL). Pure functions of a {@link dev.algotrader.core.backtest.BacktestResult}.
 */
package dev.algotrader.core.report;
