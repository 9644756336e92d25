package dev.algotrader.ml.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run ends that could not reach the MLflow server (it died while a run failed): one small JSON file
 * per run under {@code <data-root>/tracking/pending-run-ends/}, with the server, the run, the
 * status and the time the run really ended. The next command that reaches that server closes them
 * with that end time ({@link MlflowRestStore#closePendingRunEnds}); so does {@code algo-trader
 * models --repair}.
 */
public final class PendingRunEnds {

    private static final Logger LOG = LoggerFactory.getLogger(PendingRunEnds.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Ends one run on the server; throws {@link TrackingException} when it cannot. */
    @FunctionalInterface
    public interface RunEnder {
        void end(String runId, TrackingStore.RunStatus status, long endTimeMillis);
    }

    private final Path dir;

    public PendingRunEnds(Path dir) {
        this.dir = dir;
    }

    /** The folder {@code <dataRoot>/tracking/pending-run-ends}. */
    public static PendingRunEnds under(Path dataRoot) {
        return new PendingRunEnds(dataRoot.resolve("tracking").resolve("pending-run-ends"));
    }

    public Path dir() {
        return dir;
    }

    /**
     * Remembers that {@code runId} on {@code server} ended with {@code status}; returns the file.
     */
    public Path remember(
            String server, String runId, TrackingStore.RunStatus status, long endTimeMillis) {
        ObjectNode n = JSON.createObjectNode();
        n.put("server", server);
        n.put("run_id", runId);
        n.put("status", status.name());
        n.put("end_time", endTimeMillis);
        Path file = dir.resolve(runId.replaceAll("[^A-Za-z0-9_-]", "_") + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".pending", ".tmp");
            Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remember the end of run " + runId + " in " + dir, e);
        }
        return file;
    }

    /** How many run ends are remembered, for any server. */
    public int total() {
        return entries().size();
    }

    /** How many run ends are remembered for {@code server}. */
    public int count(String server) {
        return (int)
                entries().stream().filter(e -> server.equals(e.path("server").asText())).count();
    }

    /**
     * Ends every run remembered for {@code server} through {@code ender} and forgets it; stops at
     * the first unreachable server (the rest stay for next time). A run the server refuses (e.g.
     * deleted) is forgotten with a warning. Returns how many were closed.
     */
    public int closeAll(String server, RunEnder ender) {
        int closed = 0;
        for (JsonNode e : entries()) {
            if (!server.equals(e.path("server").asText())) continue;
            String runId = e.path("run_id").asText();
            try {
                ender.end(
                        runId,
                        TrackingStore.RunStatus.valueOf(e.path("status").asText("FAILED")),
                        e.path("end_time").asLong());
                closed++;
                LOG.info("closed run {} on {} as {}", runId, server, e.path("status").asText());
            } catch (TrackingException ex) {
                if (ex.unreachable()) return closed;
                LOG.warn("forgetting the remembered end of run {}: {}", runId, ex.getMessage());
            }
            delete(runId);
        }
        return closed;
    }

    private void delete(String runId) {
        try {
            Files.deleteIfExists(dir.resolve(runId.replaceAll("[^A-Za-z0-9_-]", "_") + ".json"));
        } catch (IOException e) {
            LOG.warn("cannot delete the remembered end of run {}", runId, e);
        }
    }

    private List<JsonNode> entries() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(PendingRunEnds::read)
                    .filter(n -> n != null)
                    .toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}", dir, e);
            return List.of();
        }
    }

    private static JsonNode read(Path f) {
        try {
            return JSON.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable {}", f, e);
            return null;
        }
    }
}
