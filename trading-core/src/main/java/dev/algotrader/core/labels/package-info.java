/**
 * Supervised labels: forward log return over a fixed horizon and its UP/DOWN/FLAT class.
 *
 * <p>Invariants: the label of bar {@code t} uses the close of {@code t} and the close of the bar
 * that opens exactly at {@code t + horizonBars * interval} and nothing else, so it changes only
 * when bars after {@code t} change; a bar whose horizon bar is missing (a gap or the end of the
 * data) has no label rather than one computed over a different horizon.
 */
package dev.algotrader.core.labels;
