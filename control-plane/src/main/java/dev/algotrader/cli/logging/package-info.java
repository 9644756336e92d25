/**
 * The CLI's log layout: {@link dev.algotrader.cli.logging.RedactingConverter} masks URI user-info
 * and known secret values in every line of {@code logs/algo-trader.log}, messages and stack traces
 * alike, whichever library logged them.
 */
package dev.algotrader.cli.logging;
