/** Benchmarks of the Researcher: training time and portable-vs-Spark scoring throughput. */
package dev.algotrader.ml.bench;
