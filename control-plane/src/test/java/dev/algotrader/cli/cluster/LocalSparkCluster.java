package dev.algotrader.cli.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone master and one worker on 127.0.0.1, started from the Maven artifacts (no Spark
 * distribution): a throw-away SPARK_HOME whose {@code jars/} links Spark's own jars (the project's
 * jars and libraries are left out, so the shaded application jar must carry them).
 */
public final class LocalSparkCluster implements AutoCloseable {

    /** JVM flags Spark 3.5 needs on Java 17. */
    public static final List<String> OPENS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                    "-Djdk.reflect.useDirectMethodHandle=false");

    /** Jars the application brings itself (not part of a Spark installation). */
    private static final List<String> APPLICATION_JARS =
            List.of(
                    "shared-schemas",
                    "trading-core",
                    "lakehouse",
                    "batch-jobs",
                    "ml-jobs",
                    "streaming-jobs",
                    "picocli",
                    "config-",
                    "delta-");

    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final int port;
    private final int uiPort;

    private LocalSparkCluster(Path home, int port, int uiPort) {
        this.home = home;
        this.port = port;
        this.uiPort = uiPort;
    }

    /** Starts master and worker; returns once the worker registered (or throws). */
    public static LocalSparkCluster start(Path home, Path libDir, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("work"));
        Files.writeString(
                home.resolve("RELEASE"), "Spark from Maven artifacts (algo-trader test)\n");
        try (Stream<Path> s = Files.list(libDir)) {
            for (Path j : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String n = j.getFileName().toString();
                if (APPLICATION_JARS.stream().anyMatch(n::startsWith)) continue;
                Files.createSymbolicLink(home.resolve("jars").resolve(n), j.toAbsolutePath());
            }
        }
        LocalSparkCluster c = new LocalSparkCluster(home, freePort(), freePort());
        c.spawn(
                "master",
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(c.port),
                        "--webui-port",
                        String.valueOf(c.uiPort)));
        c.awaitLog("master", "Starting Spark master", timeout);
        c.spawn(
                "worker",
                List.of(
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "2",
                        "--memory",
                        "2g",
                        "--work-dir",
                        home.resolve("work").toString(),
                        "--webui-port",
                        String.valueOf(freePort()),
                        c.masterUrl()));
        c.awaitLog("worker", "Successfully registered with master", timeout);
        return c;
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The master's JSON status page (applications, workers). */
    public String statusUrl() {
        return "http://127.0.0.1:" + uiPort + "/json/";
    }

    public Path home() {
        return home;
    }

    /** The classpath of a Spark installation (for spark-submit). */
    public String sparkClasspath() {
        return home.resolve("jars").toString() + "/*";
    }

    /** Environment for a spark-submit child process. */
    public Map<String, String> env() {
        return Map.of(
                "SPARK_HOME", home.toString(),
                "SPARK_MASTER", masterUrl(),
                "SPARK_SCALA_VERSION", "2.12");
    }

    private void spawn(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(OPENS);
        cmd.add("-cp");
        cmd.add(sparkClasspath());
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        // without a distribution layout the launcher cannot guess the Scala version
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        processes.add(pb.start());
    }

    private void awaitLog(String name, String marker, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Path log = home.resolve(name + ".log");
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(marker)) return;
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " died: " + Files.readString(log));
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                name
                        + " did not log '"
                        + marker
                        + "' within "
                        + timeout
                        + ": "
                        + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
