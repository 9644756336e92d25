/**
 * The Data Steward's Spark batch jobs (ingest, features, labels) and their Spark plumbing. Every
 * job is a pure transform plus thin Delta I/O, MERGEs on the table's natural key (a re-run leaves
 * the same tables) and returns a {@link dev.algotrader.core.job.JobSummary} whose counts add up:
 * rows in = rows out + rows rejected.
 */
package dev.algotrader.batch;
