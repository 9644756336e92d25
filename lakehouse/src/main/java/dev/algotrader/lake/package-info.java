/**
 * Delta Lake storage of the medallion tables below the data root: Spark schemas from {@link
 * dev.algotrader.schema.Table} and MERGE on the natural key (rows whose values did not change are
 * left untouched, so a re-run changes no content) with time travel. Batch jobs, ML jobs and the CLI
 * share it; it depends on no job module.
 */
package dev.algotrader.lake;
