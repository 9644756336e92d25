/**
 * The append-only audit log {@code events.jsonl}: one JSON object per line, appended atomically
 * under a file lock so lines from concurrent processes never interleave, flushed on every write.
 * Secrets (values of credential environment variables, keys named like credentials) are redacted
 * before a line is written.
 */
package dev.algotrader.core.audit;
