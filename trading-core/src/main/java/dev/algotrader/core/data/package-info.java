/**
 * Market-data shaping shared by ingest, fixtures and the streaming sources. Invariant: trades are
 * aggregated into bars by the bar that contains their time, in arrival order; a bar is emitted only
 * when a trade of a later bar arrives (or on {@code flush}), so no bar is emitted incomplete.
 */
package dev.algotrader.core.data;
