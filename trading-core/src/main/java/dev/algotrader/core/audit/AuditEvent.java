package dev.algotrader.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An audit event as data: its type (e.g. {@code model.switched}) and fields, in order. Whoever
 * drives the trader decides where it goes ({@link EventLog}, a side output, a topic).
 */
public record AuditEvent(String type, Map<String, Object> data) {

    public AuditEvent {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("event type");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
