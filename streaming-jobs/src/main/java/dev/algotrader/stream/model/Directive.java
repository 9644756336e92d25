package dev.algotrader.stream.model;

import java.io.Serializable;

/**
 * A message broadcast to every trading operator: a champion version that passed the {@link
 * ModelGate}. Operators switch to it before their next bar.
 *
 * @param seq increasing number; an operator ignores a directive older than the one it holds
 */
public record Directive(long seq, ModelRef champion) implements Serializable {}
