/**
 * Ingest: CSV (trades or OHLCV bars, configurable columns), ta4j JSON bars and CoinGecko into
 * {@code bronze/bars_raw}, {@code bronze/bars_rejected} and {@code silver/bars}.
 *
 * <p>Invariants: every input record ends either in a bar or in {@code bars_rejected} with a reason
 * (records in = records accepted + records rejected, checked by the job); trades are aggregated in
 * arrival (line) order by {@link dev.algotrader.core.data.TradeAggregator}, the same code the
 * fixtures and the streaming path use; all times are epoch milliseconds UTC of the bar open; writes
 * are MERGEs on the natural key, so a re-run on the same input changes nothing. Only plausible bars
 * reach bronze and silver ({@link dev.algotrader.batch.ingest.IngestRules} per record, {@link
 * dev.algotrader.batch.ingest.PlausibilityStage} against neighbouring and stored bars, thresholds
 * from {@code algotrader.ingest.plausibility}); a bar that replaces a stored one with other values
 * is counted, and beyond the correction tolerance needs {@code --allow-corrections}.
 */
package dev.algotrader.batch.ingest;
