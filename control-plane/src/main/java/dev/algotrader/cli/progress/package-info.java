/**
 * The CLI's rendering of job progress ({@link dev.algotrader.core.progress.Progress}): a bar with
 * step, units, rows and ETA redrawn in place on a terminal, plain periodic lines otherwise
 * (Airflow, CI, a pipe). Progress goes to stderr; result lines go to stdout as they happen.
 */
package dev.algotrader.cli.progress;
