/**
 * Execution at an external broker: the small {@link dev.algotrader.core.venue.broker.Broker} API
 * (submit, replace, cancel, look-up; idempotent on client order ids) that an adapter at the edge
 * implements (Alpaca in streaming-jobs), and {@link dev.algotrader.core.venue.broker.BrokerVenue},
 * which sends the kernel's orders there and books the broker's fills back: the replacement chain of
 * amended stop-loss / take-profit orders ({@code <id>-r<n>}), retries of refused replaces and fills
 * booked once across the chain. Its state is one serializable {@link
 * dev.algotrader.core.venue.broker.BrokerOrderTracker} per symbol. Nothing here does I/O besides
 * the broker calls; audit events come back as data.
 */
package dev.algotrader.core.venue.broker;
