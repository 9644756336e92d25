/**
 * Holdout and fold metrics computed on the driver from probabilities: AUC, log loss, accuracy, F1,
 * confusion matrix, and the long/flat trading view against buy-and-hold and always-UP.
 */
package dev.algotrader.ml.eval;
