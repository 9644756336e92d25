package dev.algotrader.stream;

import dev.algotrader.core.audit.EventLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The trader's writer of {@code events.jsonl}. {@link EventLog} locks the file per append, which
 * serializes processes, but two threads of one JVM (operators of an embedded MiniCluster) that lock
 * the same file at once get an {@code OverlappingFileLockException}; this wrapper serializes the
 * appends of every trader thread in the JVM first.
 */
public final class TraderEvents {

    private static final Object LOCK = new Object();
    public static final String ACTOR = "trader";

    private final EventLog log;

    public TraderEvents(Path file) {
        this.log = EventLog.at(file);
    }

    /** A trader event to append later with {@link #appendAll}, stamped now. */
    public EventLog.Entry entry(String event, String runId, Map<String, Object> details) {
        return log.entry(ACTOR, event, runId, details);
    }

    /** Appends {@code entries} in order with one write, one file lock and one force. */
    public void appendAll(List<EventLog.Entry> entries) {
        if (entries.isEmpty()) return;
        synchronized (LOCK) {
            log.appendAll(entries);
        }
    }

    /** Appends one trader event. */
    public void append(String event, String runId, Map<String, Object> details) {
        synchronized (LOCK) {
            log.append(ACTOR, event, runId, details);
        }
    }
}
