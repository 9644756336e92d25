package dev.algotrader.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last local trader run, in {@code <state-dir>/last-run.json}: mode, process id, start and end
 * time, outcome ({@code running}, {@code finished}, {@code failed}), strategy and model, counts.
 * Written when a run starts and when it ends, so {@code status} can tell a run that is running now
 * (its process is alive) from one that finished, failed or was killed (still {@code running} but
 * its process is gone), and label the equity with the strategy and model that produced it.
 */
public final class RunRecord {

    /** File name below the trader's state folder. */
    public static final String FILE = "last-run.json";

    private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode node;

    private RunRecord(Path file, ObjectNode node) {
        this.file = file;
        this.node = node;
    }

    /** Records the start of a run in this process and writes it. */
    public static RunRecord start(
            Path stateDir,
            String runId,
            String mode,
            String broker,
            String strategy,
            String model,
            Instant now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", runId);
        n.put("mode", mode);
        n.put("state", "running");
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", host());
        n.put("started_at", now.toString());
        n.put("broker", broker);
        n.put("strategy", strategy);
        n.put("model", model == null || model.isEmpty() ? "none" : model);
        RunRecord r = new RunRecord(stateDir.resolve(FILE), n);
        r.write();
        return r;
    }

    /** Records the end of the run (finished or failed) with its counts. */
    public void end(boolean ok, String error, Map<String, ?> counts, Instant now) {
        node.put("state", ok ? "finished" : "failed");
        node.put("ended_at", now.toString());
        if (error != null) node.put("error", error);
        if (counts != null) counts.forEach((k, v) -> node.put(k, String.valueOf(v)));
        write();
    }

    /** The last run's record, if any. */
    public static Optional<JsonNode> read(Path stateDir) {
        Path f = stateDir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            return Optional.of(JSON.readTree(f.toFile()));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", f, e.toString());
            return Optional.empty();
        }
    }

    /**
     * True when the record says running and its process is alive on this host; false when it is
     * gone; empty when the run is on another host (cannot tell).
     */
    public static Optional<Boolean> processAlive(JsonNode record) {
        if (!host().equals(record.path("host").asText())) return Optional.empty();
        return Optional.of(
                ProcessHandle.of(record.path("pid").asLong(-1))
                        .map(ProcessHandle::isAlive)
                        .orElse(false));
    }

    private void write() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // status only: never fail a trading run over it
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
