package dev.algotrader.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker as its own process for {@code make cluster-test}: {@code
 * dev.algotrader.kafka.broker.ServeMain <dir> --fresh} from {@code kafka-broker/target/classes}, as
 * {@code make paper-kafka} starts it (a KRaft broker in a child JVM on 127.0.0.1, a free port, one
 * copy per folder by a file lock). {@link #close} sends SIGTERM (a clean broker shutdown) and kills
 * whatever of the process tree is left after 60 s.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final String bootstrapServers;

    private KafkaBrokerProcess(Process process, Path dir, String bootstrapServers) {
        this.process = process;
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker with its data in {@code dir}; returns once it accepts clients. */
    static KafkaBrokerProcess start(Path root, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path classes = root.resolve("kafka-broker/target/classes");
        if (!Files.isRegularFile(classes.resolve("kafka-broker.classpath"))) {
            throw new IllegalStateException(
                    classes + " has no kafka-broker.classpath: build first");
        }
        Files.createDirectories(dir);
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                classes.toString(),
                                "dev.algotrader.kafka.broker.ServeMain",
                                dir.toString(),
                                "--fresh")
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("serve.out").toFile())
                        .start();
        Path file = dir.resolve("bootstrap-servers");
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    return new KafkaBrokerProcess(p, dir, Files.readString(file).trim());
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "the Kafka broker ended (exit " + p.exitValue() + "):\n" + log(dir));
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(
                    "the Kafka broker did not start within " + timeout + ":\n" + log(dir));
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker process's output and the broker's own console, for failure messages. */
    String logs() throws IOException {
        return log(dir);
    }

    private static String log(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path f : List.of(dir.resolve("serve.out"), dir.resolve("broker/broker.out"))) {
            if (!Files.isRegularFile(f)) continue;
            String s = Files.readString(f, StandardCharsets.UTF_8);
            b.append("--- ").append(f.getFileName()).append('\n');
            b.append(s.length() > 3000 ? s.substring(s.length() - 3000) : s);
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    /** SIGTERM, then after 60 s SIGKILL to the process and every descendant still alive. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        for (ProcessHandle h : tree) {
            if (h.isAlive()) h.destroyForcibly();
        }
    }
}
