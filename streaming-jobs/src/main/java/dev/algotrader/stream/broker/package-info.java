/**
 * Brokers behind one interface: the built-in paper broker (fills from the backtester's fill model)
 * and Alpaca's trading API v2. Invariants: every order carries a deterministic client order id of
 * at most 48 characters and is looked up before it is (re)sent, so an intent is never submitted
 * twice; an order the kernel cancels is cancelled at the broker too (idempotently); keys are read
 * from the environment where the operator runs and never logged; start-up reconciliation fails
 * closed.
 */
package dev.algotrader.stream.broker;
