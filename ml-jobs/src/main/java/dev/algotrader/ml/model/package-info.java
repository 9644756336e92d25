/**
 * MLlib pipelines (VectorAssembler + RF/GBT), search spaces, and the export of fitted ensembles to
 * the portable node-array form scored by {@code trading-core}. Invariant: a portable export gives
 * Spark's probabilities to floating-point rounding.
 */
package dev.algotrader.ml.model;
