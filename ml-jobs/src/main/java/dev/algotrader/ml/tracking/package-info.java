/**
 * Experiment tracking and model registry: one {@link dev.algotrader.ml.tracking.TrackingStore}
 * interface, a local store in MLflow's on-disk file-store layout and an MLflow REST store through
 * the official Java client. Invariant: failures are one-line {@link
 * dev.algotrader.ml.tracking.TrackingException}s; a {@link dev.algotrader.ml.tracking.TrackedRun}
 * is never left RUNNING.
 */
package dev.algotrader.ml.tracking;
