/**
 * Output hand-off: orders, fills, positions, equity and rejected bars as JSONL files with the
 * columns of their {@code trading/*} tables, merged into Delta by the control plane (Flink 2.x has
 * no Delta connector). Invariant: at-least-once files plus a MERGE on the natural key give
 * exactly-once tables.
 */
package dev.algotrader.stream.sink;
