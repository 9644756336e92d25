/**
 * Training sets from the Delta tables: features joined with labels point-in-time, warm-up and
 * unlabeled rows excluded, Delta versions recorded; and the mapping of walk-forward folds onto bar
 * times. Invariant: fold and holdout boundaries are bar indices over distinct, increasing times.
 */
package dev.algotrader.ml.data;
