/**
 * The {@code algo-trader} command line: one entry point for every pipeline step. Invariants: every
 * command has {@code --help}; a user mistake prints one line that says what to do and exits
 * non-zero (stack traces go to {@code logs/algo-trader.log} only); every job start, end and failure
 * is appended to {@code events.jsonl}.
 */
package dev.algotrader.cli;
