/**
 * Delta Lake storage of the medallion tables below the data root: schemas from {@link
 * dev.algotrader.schema.Table}, MERGE on the natural key (rows whose values did not change are left
 * untouched, so a re-run changes no content), time travel, table status and export.
 */
package dev.algotrader.batch.store;
