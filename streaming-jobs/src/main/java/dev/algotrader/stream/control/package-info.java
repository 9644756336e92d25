/**
 * The control contract between the orchestrator and the running trader: a JSON file re-read before
 * every bar. Invariant: a change takes effect within one bar, and an unreadable file fails closed
 * (no new orders).
 */
package dev.algotrader.stream.control;
