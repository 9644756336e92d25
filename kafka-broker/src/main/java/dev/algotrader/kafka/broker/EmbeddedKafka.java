package dev.algotrader.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A single-node KRaft Kafka on 127.0.0.1 in a child JVM ({@link BrokerMain}), with free ports and
 * its data in a folder the caller names. Uses only the JDK, so it can be started from any module
 * (Spark's Scala 2.12 class path included): the broker's own class path comes from the resource
 * {@code kafka-broker.classpath} written at build time. {@link #restart()} keeps ports, topics and
 * committed offsets (a broker restart in a fault test); {@link #close()} stops it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final int partitions;
    private Process process;
    private OutputStream stdin;

    private EmbeddedKafka(
            Path dir, int port, int controllerPort, String clusterId, int partitions) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.partitions = partitions;
    }

    /**
     * Starts a broker whose data lives in {@code dir} (created if absent) with {@code partitions}
     * partitions for auto-created topics; returns when it accepts clients.
     */
    public static EmbeddedKafka start(Path dir, int partitions) {
        String clusterId = newClusterId();
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(2);
            EmbeddedKafka k = new EmbeddedKafka(dir, ports[0], ports[1], clusterId, partitions);
            try {
                k.launch();
                return k;
            } catch (PortTaken e) {
                // another process bound a port between the probe and the broker's bind
                if (attempt == START_ATTEMPTS) throw e;
            }
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's console output (format, start, warnings). */
    public Path logFile() {
        return dir.resolve("broker.out");
    }

    /** Whether the child JVM is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker cleanly and starts it again on the same ports and data. */
    public void restart() {
        stop();
        launch();
    }

    /** Stops the broker (clean shutdown; killed after 60 s). */
    public void stop() {
        if (process == null) return;
        try {
            stdin.close();
        } catch (IOException e) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        try {
            Files.createDirectories(dir);
            Path props = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
                serverProperties().store(w, "embedded Kafka (KRaft, one node)");
            }
            Path out = logFile();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx512m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-Dlog4j2.configurationFile=kafka-broker-log4j2.properties");
            cmd.add("-cp");
            cmd.add(classPath());
            cmd.add(BrokerMain.class.getName());
            cmd.add(props.toString());
            cmd.add(clusterId);
            process =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                            .start();
            stdin = process.getOutputStream();
            awaitReady(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka in " + dir, e);
        }
    }

    private void awaitReady(Path out) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long from = Files.size(out);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(out, StandardCharsets.UTF_8);
            int ready = text.lastIndexOf(BrokerMain.READY);
            if (ready >= 0 && isRunning() && lastStartAfter(text, from)) return;
            if (!isRunning()) {
                if (text.indexOf("Address already in use", (int) Math.min(from, text.length()))
                        >= 0) {
                    throw new PortTaken(
                            "the embedded Kafka could not bind 127.0.0.1:"
                                    + port
                                    + " or :"
                                    + controllerPort
                                    + "; see "
                                    + out);
                }
                throw new IllegalStateException(
                        "the embedded Kafka exited during start; its output ("
                                + out
                                + "):\n"
                                + tail(text));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the embedded Kafka started");
            }
        }
        stop();
        throw new IllegalStateException(
                "the embedded Kafka did not start within " + START_TIMEOUT + "; see " + out);
    }

    private static boolean lastStartAfter(String text, long from) {
        return text.lastIndexOf(BrokerMain.READY) >= Math.min(from, text.length());
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("auto.create.topics.enable", "true");
        // one node: every internal topic has one replica; few partitions start fast
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "2");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "2");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Flink's KafkaSink commits a transaction per checkpoint; allow its default 1 h timeout
        p.setProperty("transaction.max.timeout.ms", "3600000");
        return p;
    }

    /** This module's classes plus the broker's dependency jars named at build time. */
    static String classPath() {
        try (InputStream in = EmbeddedKafka.class.getResourceAsStream("/kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException(
                        "kafka-broker.classpath is missing: build the kafka-broker module");
            }
            String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            Path self =
                    Path.of(
                            EmbeddedKafka.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return self + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code n} distinct free ports on 127.0.0.1: all probe sockets stay open until every port is
     * chosen, so the system cannot hand out the same port twice (it did once: the broker refused
     * PLAINTEXT and CONTROLLER on one port).
     */
    static int[] freePorts(int n) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a probe socket cannot lose anything
                }
            }
        }
    }

    /** The broker exited during start because a port was taken: retried on new ports. */
    private static final class PortTaken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    /**
     * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding. An id that starts with
     * '-' would be read as an option by the storage tool's argument parser, so the first byte is
     * drawn again until it does not (one id in 64 did, and the broker failed to format).
     */
    static String newClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16);
            b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (id.charAt(0) != '-') return id;
        }
    }
}
