package dev.algotrader.core.registry;

import java.util.List;
import java.util.Map;

/** A registered model version as the registry reports it. */
public record RegisteredVersion(
        String name,
        String version,
        String runId,
        String source,
        long creationTimestamp,
        Map<String, String> tags,
        List<String> aliases) {}
