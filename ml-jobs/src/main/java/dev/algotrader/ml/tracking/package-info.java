/**
 * Experiment tracking and model registry: one {@link dev.algotrader.ml.tracking.TrackingStore}
 * interface, a local store in MLflow's on-disk file-store layout and an MLflow REST store through
 * the official Java client (credentials and TLS from {@link
 * dev.algotrader.core.mlflow.MlflowEndpoint}). Invariants: failures are one-line {@link
 * dev.algotrader.ml.tracking.TrackingException}s without credentials; params and tags pass through
 * the redaction of {@link dev.algotrader.ml.tracking.Tracking#open}; a {@link
 * dev.algotrader.ml.tracking.TrackedRun} is never left RUNNING — a FAILED end the server cannot
 * take is remembered ({@link dev.algotrader.ml.tracking.PendingRunEnds}) and runs a crash left
 * RUNNING are closed by {@link dev.algotrader.ml.tracking.RunRepair}.
 */
package dev.algotrader.ml.tracking;
