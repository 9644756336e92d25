/**
 * Model hot swap: the trader follows the registry alias {@code champion}; a new version is loaded,
 * gated (feature-set id and a scoring smoke test) and broadcast to every trading operator, which
 * switches at its next bar. Invariants: a refused version never scores a bar, the previous one
 * keeps trading, and every acceptance, refusal and switch is an event. How a version becomes a
 * scorer is a pluggable {@link dev.algotrader.stream.model.ChampionLoader} (default: portable tree
 * artifacts; the control plane injects one for every model type).
 */
package dev.algotrader.stream.model;
