package dev.algotrader.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.algotrader.schema.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends audit events to {@code events.jsonl}. Each event is one line; each append (one event, or
 * a batch of them through {@link #appendAll}) is a single write under an exclusive file lock,
 * forced to disk, so concurrent writers (CLI, Spark driver, Flink task) never interleave and a
 * crash never leaves half a line.
 */
public final class EventLog {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /**
     * One monitor per file: a JVM may hold only one lock on a file at a time ({@link
     * java.nio.channels.OverlappingFileLockException}), so threads of one process serialise here
     * and processes serialise on the file lock.
     */
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Clock clock;
    private final Secrets secrets;

    public EventLog(Path file, Clock clock, Secrets secrets) {
        this.file = file;
        this.clock = clock;
        this.secrets = secrets;
    }

    /** An event log at {@code file} on the system clock, redacting the process's secrets. */
    public static EventLog at(Path file) {
        return new EventLog(file, Clock.systemUTC(), Secrets.fromEnvironment());
    }

    public Path file() {
        return file;
    }

    /** Appends one event and returns it as written (redacted). */
    public Event append(String actor, String event, String runId, Map<String, Object> details) {
        return appendAll(List.of(entry(actor, event, runId, details))).get(0);
    }

    /** An event to append later with {@link #appendAll}, stamped now on this log's clock. */
    public Entry entry(String actor, String event, String runId, Map<String, Object> details) {
        return new Entry(clock.instant(), actor, event, runId, details);
    }

    /**
     * One event not yet written: its time (when it happened, not when it is written) and its fields
     * before redaction.
     */
    public record Entry(
            Instant time, String actor, String event, String runId, Map<String, Object> details) {}

    /**
     * Appends {@code entries} in order, each as one line, with a single write under one file lock
     * and one force to disk (a writer of many events pays for the lock and the force once); returns
     * them as written (redacted).
     */
    public List<Event> appendAll(List<Entry> entries) {
        List<Event> out = new ArrayList<>(entries.size());
        StringBuilder lines = new StringBuilder();
        for (Entry en : entries) {
            Map<String, Object> safe =
                    secrets.redact(en.details() == null ? Map.of() : en.details());
            Event e = new Event(en.time().toString(), en.actor(), en.event(), en.runId(), safe);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", e.time());
            line.put("actor", e.actor());
            line.put("event", e.event());
            line.put("run_id", e.runId());
            line.put("details", safe);
            try {
                lines.append(JSON.writeValueAsString(line)).append('\n');
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            out.add(e);
        }
        if (out.isEmpty()) return out;
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        Object monitor =
                IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        synchronized (monitor) {
            write(bytes);
        }
        return out;
    }

    private void write(byte[] bytes) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (FileChannel ch =
                            FileChannel.open(
                                    file,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    StandardOpenOption.APPEND);
                    FileLock lock = ch.lock()) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(false);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to audit log " + file, ex);
        }
    }

    /** Reads all events in file order; a missing file is an empty log. */
    @SuppressWarnings("unchecked")
    public List<Event> readAll() {
        List<Event> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) continue;
                Map<String, Object> m = JSON.readValue(l, Map.class);
                out.add(
                        new Event(
                                (String) m.get("time"),
                                (String) m.get("actor"),
                                (String) m.get("event"),
                                (String) m.get("run_id"),
                                withoutNulls((Map<String, Object>) m.get("details"))));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read audit log " + file, ex);
        }
        return out;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m != null) m.forEach((k, v) -> out.put(k, v == null ? "null" : v));
        return out;
    }
}
