/**
 * Performance figures of an equity curve and its round trips (see {@link
 * dev.algotrader.core.metrics.PerformanceMetrics} for every definition). Pure functions of their
 * inputs: the same curve always gives the same numbers.
 */
package dev.algotrader.core.metrics;
