/**
 * Features job: {@code silver/bars} → {@code silver/features} through trading-core's {@link
 * dev.algotrader.core.features.FeatureEngine}, one pass per symbol in time order (repartition by
 * symbol, sort within partitions). Invariants: the rows equal the engine run in a plain loop; an
 * incremental run continues from each symbol's saved engine snapshot ({@code silver/feature_state})
 * and gives exactly the rows a full run gives; a symbol whose history changed before its snapshot
 * is recomputed in full.
 */
package dev.algotrader.batch.features;
