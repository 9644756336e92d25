package dev.algotrader.stream.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control contract between the control plane and the trader: a small JSON file (default {@code
 * data/trader/control.json}) of the form
 *
 * <pre>{"state":"running|paused|stopped","kill_switch":false,"reason":"...","updated_at":"..."}
 * </pre>
 *
 * <p>The control plane replaces it atomically (write a temp file, then rename); the trader re-reads
 * it before every bar when its modification time or size changed, so a change takes effect within
 * one bar. A missing file means running. An unreadable file fails closed: it reads as paused with
 * the kill switch on, and the reason says why.
 */
public final class ControlFile implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private transient Path resolved;
    private transient FileTime lastModified;
    private transient long lastSize = -1;
    private transient Object lastKey;
    private transient ControlState cached;

    public ControlFile(Path path) {
        this.path = path.toString();
    }

    public Path path() {
        return Path.of(path);
    }

    /** The current control state; cheap when the file did not change (one stat call). */
    public synchronized ControlState read() {
        if (resolved == null) resolved = Path.of(path);
        Path p = resolved;
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            FileTime mtime = a.lastModifiedTime();
            long size = a.size();
            Object key = a.fileKey();
            if (cached != null
                    && mtime.equals(lastModified)
                    && size == lastSize
                    && java.util.Objects.equals(key, lastKey)) {
                return cached;
            }
            ControlState s = parse(Files.readString(p, StandardCharsets.UTF_8));
            lastModified = mtime;
            lastSize = size;
            lastKey = key;
            cached = s;
            return s;
        } catch (NoSuchFileException e) {
            cached = ControlState.RUNNING;
            lastModified = null;
            lastSize = -1;
            return cached;
        } catch (IOException | RuntimeException e) {
            LOG.warn("control file {} is unreadable, failing closed: {}", path, e.getMessage());
            return new ControlState(
                    ControlState.Mode.PAUSED,
                    true,
                    "control file unreadable: " + e.getMessage(),
                    "");
        }
    }

    /** Parses the JSON contract; unknown states are an error. */
    public static ControlState parse(String json) throws IOException {
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.isObject()) throw new IOException("control file is not a JSON object");
        String state = n.path("state").asText("running").toUpperCase(Locale.ROOT);
        ControlState.Mode mode;
        try {
            mode = ControlState.Mode.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown state '" + state + "': use running, paused or stopped");
        }
        return new ControlState(
                mode,
                n.path("kill_switch").asBoolean(false),
                n.path("reason").asText(""),
                n.path("updated_at").asText(""));
    }

    /** Writes {@code state} atomically (temp file + rename), as the control plane does. */
    public void write(ControlState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.mode().name().toLowerCase(Locale.ROOT));
        m.put("kill_switch", state.killSwitch());
        m.put("reason", state.reason());
        m.put("updated_at", state.updatedAt());
        Path p = Path.of(path);
        try {
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(
                        tmp,
                        p,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write control file " + p, e);
        }
        synchronized (this) {
            cached = null;
        }
    }
}
