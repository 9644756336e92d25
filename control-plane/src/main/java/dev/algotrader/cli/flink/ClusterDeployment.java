package dev.algotrader.cli.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the control plane deployed to a Flink session cluster, kept in {@code
 * algotrader.control.flink.deployment-file} (default {@code <home>/data/trader/cluster.json}) so
 * that stop/restart/status know the job and the savepoint to resume from. Written atomically (temp
 * file + rename).
 */
public record ClusterDeployment(
        String restUrl,
        String jarId,
        String jobId,
        String lastSavepoint,
        String startedAt,
        String stoppedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The recorded deployment, or an empty one when nothing was deployed yet. */
    public static ClusterDeployment read(Path file) {
        if (!Files.exists(file)) return new ClusterDeployment(null, null, null, null, null, null);
        try {
            Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
            return new ClusterDeployment(
                    str(m, "rest_url"),
                    str(m, "jar_id"),
                    str(m, "job_id"),
                    str(m, "last_savepoint"),
                    str(m, "started_at"),
                    str(m, "stopped_at"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void write(Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rest_url", restUrl);
        m.put("jar_id", jarId);
        m.put("job_id", jobId);
        m.put("last_savepoint", lastSavepoint);
        m.put("started_at", startedAt);
        m.put("stopped_at", stoppedAt);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), m);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String str(Map<?, ?> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }
}
