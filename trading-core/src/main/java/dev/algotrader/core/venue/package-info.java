/**
 * The execution port of the trading kernel: {@link dev.algotrader.core.venue.Venue} and its
 * implementations ({@link dev.algotrader.core.venue.SimulatedVenue} for backtest and paper).
 */
package dev.algotrader.core.venue;
