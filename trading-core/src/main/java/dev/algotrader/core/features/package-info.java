/**
 * Incremental feature engine: one bar in, one {@link dev.algotrader.schema.FeatureRow} out, with
 * the same code in the Spark batch path and the Flink live path.
 *
 * <p>Invariants: the features of bar {@code t} use bars {@code <= t} only (no lookahead); the
 * engine state is small (ring buffers of at most 51 values, no history) and round-trips through
 * {@link dev.algotrader.core.features.FeatureEngine#snapshot()} bit for bit, so a restored engine
 * continues exactly like one that never stopped; a row is {@code warm} only when every feature is
 * past its declared warm-up, and a warm row never holds NaN.
 */
package dev.algotrader.core.features;
