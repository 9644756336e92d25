/**
 * Time-ordered validation splits. Invariants: splits are by time and never shuffled; a training row
 * at bar index {@code i} has a label that needs bars up to {@code i + purge}, so it is kept only if
 * {@code i + purge < testStart}; the embargo bars after each test window never train a later fold;
 * the final holdout is never part of any fold.
 */
package dev.algotrader.core.validation;
