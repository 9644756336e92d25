/**
 * Portable model scoring without Spark: the {@link dev.algotrader.core.scoring.Scorer} contract the
 * trader, the backtester and the training-side parity tests all use. Invariant: a scorer refuses a
 * feature row of another feature-set version.
 */
package dev.algotrader.core.scoring;
