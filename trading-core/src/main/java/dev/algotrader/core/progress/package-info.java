/**
 * Progress of long jobs for the person waiting: named steps with units done out of a total, rows,
 * and result lines as they happen. Jobs report through {@link
 * dev.algotrader.core.progress.Progress}; the caller that owns the terminal (the CLI) installs a
 * {@link dev.algotrader.core.progress.ProgressListener} that renders them. Without one, reports go
 * to the log, so jobs under spark-submit, Airflow or tests behave the same. Reporting never changes
 * what a job computes, and a failing listener never fails a job.
 */
package dev.algotrader.core.progress;
