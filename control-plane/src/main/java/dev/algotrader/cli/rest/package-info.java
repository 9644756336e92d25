/**
 * JSON-over-HTTP plumbing shared by the Airflow and Flink clients. Invariants: only transport
 * failures and 5xx answers are retried (bounded, exponential backoff); every failure surfaces as
 * one line naming the service, the URL and what to check.
 */
package dev.algotrader.cli.rest;
