/** The trader's benchmark main ({@code make bench}): Flink job vs a plain loop of the same core. */
package dev.algotrader.stream.bench;
