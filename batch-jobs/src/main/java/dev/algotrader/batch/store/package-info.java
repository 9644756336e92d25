/**
 * Table status and export of the medallion tables, on top of {@link
 * dev.algotrader.lake.DeltaStore}.
 */
package dev.algotrader.batch.store;
