package dev.algotrader.stream.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded trader per state folder (= per run id): {@code <state-dir>/trader.lock} holds the
 * owner's pid, host, run id and mode, created atomically. A second start is refused while the owner
 * lives; a lock left by a dead pid on this host is taken over with a log line. Re-entrant on the
 * owning thread (the CLI holds it around the export, the run and the merge).
 */
public final class TraderLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TraderLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, Owner> HELD = new ConcurrentHashMap<>();

    /** The file name below the state folder. */
    public static final String FILE = "trader.lock";

    private record Owner(Thread thread, String token) {}

    private final Path file;
    private final String token;
    private final boolean reentered;

    private TraderLock(Path file, String token, boolean reentered) {
        this.file = file;
        this.token = token;
        this.reentered = reentered;
    }

    /** A start refused because another trader of the run holds the lock. */
    public static final class AlreadyRunning extends RuntimeException {
        public AlreadyRunning(String message) {
            super(message);
        }
    }

    /** Takes the lock of {@code stateDir} for {@code runId}, or throws {@link AlreadyRunning}. */
    public static TraderLock acquire(Path stateDir, String runId, String mode) {
        Path file = stateDir.resolve(FILE).toAbsolutePath().normalize();
        Owner held = HELD.get(file);
        if (held != null && held.thread() == Thread.currentThread()) {
            return new TraderLock(file, held.token(), true);
        }
        String token = UUID.randomUUID().toString();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("pid", ProcessHandle.current().pid());
        me.put("host", host());
        me.put("run_id", runId);
        me.put("mode", mode);
        me.put("since", Instant.now().toString());
        me.put("token", token);
        try {
            Files.createDirectories(stateDir);
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Files.writeString(
                            file,
                            JSON.writeValueAsString(me) + "\n",
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                    HELD.put(file, new Owner(Thread.currentThread(), token));
                    return new TraderLock(file, token, false);
                } catch (FileAlreadyExistsException e) {
                    JsonNode owner = read(file);
                    if (owner == null) continue; // released meanwhile: try again
                    if (!stale(file, owner)) throw refusal(file, owner, runId);
                    LOG.warn(
                            "taking over the stale trader lock {} of pid {} (no longer running on"
                                    + " {}, run id {}, since {})",
                            file,
                            owner.path("pid").asLong(),
                            owner.path("host").asText(),
                            owner.path("run_id").asText(),
                            owner.path("since").asText());
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trader lock " + file, e);
        }
        throw new AlreadyRunning("another trader keeps re-taking the lock " + file);
    }

    /** Where the lock of {@code stateDir} lives. */
    public static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    /** Releases the lock (only if this run still owns it). */
    @Override
    public void close() {
        if (reentered) return;
        HELD.computeIfPresent(file, (k, v) -> v.token().equals(token) ? null : v);
        JsonNode owner = read(file);
        if (owner != null && token.equals(owner.path("token").asText())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete the trader lock {}: {}", file, e.toString());
            }
        }
    }

    private static boolean stale(Path file, JsonNode owner) {
        if (owner.path("unreadable").asBoolean()) {
            // being written by its owner right now, or torn by a crash long ago
            return ageMillis(file) > 5_000;
        }
        if (!host().equals(owner.path("host").asText())) return false; // cannot tell: assume alive
        long pid = owner.path("pid").asLong(-1);
        if (pid == ProcessHandle.current().pid()) {
            // this JVM: stale unless one of its threads still holds the lock
            String t = owner.path("token").asText();
            return HELD.values().stream().noneMatch(o -> o.token().equals(t));
        }
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    private static long ageMillis(Path file) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static AlreadyRunning refusal(Path file, JsonNode owner, String runId) {
        return new AlreadyRunning(
                "a trader for run id '"
                        + owner.path("run_id").asText(runId)
                        + "' already runs ("
                        + owner.path("mode").asText()
                        + ", pid "
                        + owner.path("pid").asText()
                        + " on "
                        + owner.path("host").asText()
                        + " since "
                        + owner.path("since").asText()
                        + "): stop it with 'algo-trader trader stop' (it stops at its next bar)"
                        + " and start again to resume from its state; a lock left by a crashed run"
                        + " on another host can be deleted: "
                        + file);
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (n != null && n.isObject()) return n;
            return JSON.createObjectNode().put("unreadable", true);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return JSON.createObjectNode().put("unreadable", true);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
