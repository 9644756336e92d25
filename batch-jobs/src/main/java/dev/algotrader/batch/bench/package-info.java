/**
 * Throughput benchmark of the features job against the core engine in a plain loop, both measured
 * in the same run on the same synthetic bars.
 */
package dev.algotrader.batch.bench;
