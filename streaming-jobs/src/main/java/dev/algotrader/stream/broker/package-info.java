/**
 * The broker edge: Alpaca's trading API v2 implementing {@link
 * dev.algotrader.core.venue.broker.Broker}, the factory the operator creates it with (paper trading
 * has no broker: the kernel's simulated execution fills), and the start-up reconciliation.
 * Invariants: every order carries a deterministic client order id of at most 48 characters and is
 * looked up before it is (re)sent, so an intent is never submitted twice; an order the kernel
 * cancels is cancelled at the broker too (idempotently); keys are read from the environment where
 * the operator runs and never logged; start-up reconciliation fails closed.
 */
package dev.algotrader.stream.broker;
