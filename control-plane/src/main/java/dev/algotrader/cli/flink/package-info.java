/**
 * Deployment of the trader to a Flink session cluster over its REST API, and the record of what was
 * deployed ({@code data/trader/cluster.json}: jar id, job id, last savepoint). Invariants: a stop
 * always takes a savepoint first, and a start resumes from the last recorded savepoint unless told
 * otherwise.
 */
package dev.algotrader.cli.flink;
