/**
 * One class per CLI command (sub-commands nested). Invariants: every command has {@code --help} and
 * a one-line description; it reads its context from {@link
 * dev.algotrader.cli.Main#currentContext()} and reports user mistakes by throwing {@link
 * dev.algotrader.cli.UserError}.
 */
package dev.algotrader.cli.commands;
