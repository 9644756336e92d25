/**
 * The trading kernel shared by the backtester, the paper broker and the live Flink trader:
 * strategies, sizing, risk rules, the fill and fee models and the portfolio, driven one completed
 * bar at a time by {@link dev.algotrader.core.trading.TradingKernel}.
 *
 * <p>Invariants: a decision at the close of bar t fills no earlier than the open of bar t+1 plus
 * the latency; nothing in a step reads a later bar; cash + position value = equity after every
 * step; a fill price always lies inside its bar's [low, high]; all state lives in a {@link
 * dev.algotrader.core.trading.KernelState}; time comes from an injected {@link java.time.Clock}.
 */
package dev.algotrader.core.trading;
