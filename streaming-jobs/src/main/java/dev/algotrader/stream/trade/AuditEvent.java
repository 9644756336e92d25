package dev.algotrader.stream.trade;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit event of the trading operator ({@code order.submitted}, {@code model.switched}, …),
 * emitted on the {@link TradingFunction#AUDIT} side output; the job's audit sink appends it to
 * {@code events.jsonl} with the trader as actor. Details keep their order.
 */
public record AuditEvent(String event, String runId, LinkedHashMap<String, Object> details)
        implements Serializable {

    public AuditEvent(String event, String runId, Map<String, Object> details) {
        this(event, runId, new LinkedHashMap<>(details));
    }
}
