/**
 * How the project reaches an MLflow tracking server: the server address without credentials, the
 * credentials MLflow's own clients accept (environment variables {@code MLFLOW_TRACKING_USERNAME}/
 * {@code MLFLOW_TRACKING_PASSWORD}, {@code MLFLOW_TRACKING_TOKEN}, user-info in the URI) and the
 * TLS options ({@code MLFLOW_TRACKING_INSECURE_TLS}, {@code MLFLOW_TRACKING_SERVER_CERT_PATH}).
 * Invariant: credentials are built in one place ({@link dev.algotrader.core.mlflow.MlflowEndpoint})
 * and every value of them is registered with {@link dev.algotrader.core.audit.Secrets}; the
 * endpoint's {@code toString} never contains them.
 */
package dev.algotrader.core.mlflow;
