/**
 * Model hot swap: the trader follows the registry alias {@code champion}; a new version is loaded,
 * gated (feature-set id and a scoring smoke test) and broadcast to every trading operator, which
 * switches at its next bar. Invariants: a refused version never scores a bar, the previous one
 * keeps trading, and every acceptance, refusal and switch is an event.
 */
package dev.algotrader.stream.model;
