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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends audit events to {@code events.jsonl}. Each event is one line written with a single write
 * under an exclusive file lock and forced to disk, so concurrent writers (CLI, Spark driver, Flink
 * task) never interleave and a crash never leaves half a line.
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
        Map<String, Object> safe = secrets.redact(details == null ? Map.of() : details);
        Event e = new Event(clock.instant().toString(), actor, event, runId, safe);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", e.time());
        line.put("actor", e.actor());
        line.put("event", e.event());
        line.put("run_id", e.runId());
        line.put("details", safe);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Object monitor =
                IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        synchronized (monitor) {
            write(bytes);
        }
        return e;
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
