package dev.algotrader.schema;

import java.util.Map;

/**
 * One audit event, one line of {@code events.jsonl}. {@code details} never contains a secret.
 *
 * @param time ISO-8601 UTC instant
 * @param actor the agent that acted (orchestrator, data-steward, researcher, trader, ...)
 * @param event what happened, e.g. {@code job.start}, {@code job.end}, {@code model.promoted}
 * @param runId the run this belongs to
 * @param details counts, table versions, ids
 */
public record Event(
        String time, String actor, String event, String runId, Map<String, Object> details) {
    public Event {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
