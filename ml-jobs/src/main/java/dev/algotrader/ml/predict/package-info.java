/**
 * Out-of-sample predictions and backtest tracking: {@link
 * dev.algotrader.ml.predict.HoldoutPredictor} scores {@code silver/features} with a registered
 * model version (any type, through {@link dev.algotrader.ml.dl.RegistryScorers}) from the version's
 * holdout start on and writes {@code gold/predictions}; {@link
 * dev.algotrader.ml.predict.PredictionsTable} reads them back for the model-driven backtest; {@link
 * dev.algotrader.ml.predict.BacktestTracking} logs a backtest's report, summary and headline
 * metrics to the model's MLflow run.
 *
 * <p>Invariants: a prediction row exists only for a bar at or after the model version's {@code
 * holdout.from_ts} (bars the model never trained on); rows are keyed by (model, version, symbol,
 * ts) and a re-run replaces exactly that model version's rows of the symbol (idempotent).
 */
package dev.algotrader.ml.predict;
