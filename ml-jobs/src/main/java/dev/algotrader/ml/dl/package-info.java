/**
 * Forecaster: Deeplearning4j sequence models (LSTM, self-attention) over sliding windows of one
 * symbol's feature rows, trained with walk-forward validation, saved with their normaliser and
 * scored outside Spark through {@link dev.algotrader.core.scoring.Scorer}.
 *
 * <p>Invariants: the window of bar {@code t} holds rows {@code t-window+1 .. t} only; a training
 * window lies wholly inside one training range of its fold (so it never contains test, purge or
 * embargo rows); normalisation statistics and early stopping use training-fold rows only, the
 * validation slice being the end of the training fold with the label horizon purged before it;
 * training is seeded and reproducible on CPU.
 */
package dev.algotrader.ml.dl;
