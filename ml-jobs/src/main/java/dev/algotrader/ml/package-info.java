/**
 * The Researcher: MLlib random forest and GBT training with leak-free walk-forward validation,
 * holdout evaluation against baselines, MLflow tracking, registry and the champion rule. Entry
 * points: {@link dev.algotrader.ml.ResearchJobs#train} and {@link
 * dev.algotrader.ml.ResearchJobs#autoTrain}. Invariants: the holdout is never seen by selection; a
 * run is never left RUNNING; the champion alias moves only through the promotion rule or an
 * explicit manual promotion.
 */
package dev.algotrader.ml;
