/**
 * The {@code ensemble} model type: a stacked logistic regression over the logits of base models'
 * P(UP) (tree models and sequence models), fitted on out-of-fold walk-forward predictions only, and
 * scored through the same {@link dev.algotrader.core.scoring.Scorer} contract as its bases.
 *
 * <p>Invariants: a stacking fit refuses any base prediction that is not inside the test window of
 * the fold that produced it; the holdout is never used for fitting the stacker.
 */
package dev.algotrader.ml.ensemble;
