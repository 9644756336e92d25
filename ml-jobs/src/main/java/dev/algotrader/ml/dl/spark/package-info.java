/**
 * Training sequence models on Spark executors. Deeplearning4j's own Spark integration ({@code
 * dl4j-spark}, parameter averaging / gradient sharing) is not published for 1.0.0-M2.1, so the
 * distributed path here is data-parallel over symbols: one task per symbol trains that symbol's
 * model with plain DL4J on the executor, with the same code and seed as a local run.
 *
 * <p>Invariant: a symbol's model trained inside Spark is identical to the one trained locally on
 * the same rows; one symbol's series must fit in one task's memory.
 */
package dev.algotrader.ml.dl.spark;
