/** Benchmarks of the core, each reported as a ratio against a baseline measured in the same run. */
package dev.algotrader.core.bench;
