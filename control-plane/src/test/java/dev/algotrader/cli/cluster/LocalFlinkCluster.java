package dev.algotrader.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster on 127.0.0.1 (one JobManager, one TaskManager with two slots), started
 * from the Maven artifacts the way Flink's own {@code bin/} scripts start a distribution: {@code
 * BashJavaUtils} turns {@code config.yaml} into the JVM flags and dynamic properties, then {@code
 * StandaloneSessionClusterEntrypoint} and {@code TaskManagerRunner} run with them. The classpath
 * holds Flink's runtime, web submission and Log4j only ({@code
 * control-plane/src/test/flink-cluster/pom.xml}, resolved by {@code make cluster-test} into {@code
 * target/flink-cluster.classpath}), so the trader jar must carry everything else.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    /**
     * What a Flink distribution's {@code env.java.default-opts.all} opens on Java 17 (the
     * DataStream runtime reflects into java.util collections), plus Spark's list the CLI uses
     * anyway.
     */
    static final List<String> JAVA_OPTS =
            java.util.stream.Stream.concat(
                            LocalSparkCluster.OPENS.stream(),
                            java.util.stream.Stream.of(
                                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"))
                    .toList();

    private final Path home;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();

    private LocalFlinkCluster(Path home, String classpath, int restPort) {
        this.home = home;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * Starts JobManager and TaskManager in {@code workDir} (the processes' working directory);
     * returns once the TaskManager's slots are registered (or throws).
     */
    public static LocalFlinkCluster start(
            Path home, Path classpathFile, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(
                    classpathFile + " is missing: run 'make cluster-test' (it resolves it first)");
        }
        String cp = Files.readString(classpathFile).trim();
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        LocalFlinkCluster c = new LocalFlinkCluster(home, cp, LocalSparkCluster.freePort());
        Files.writeString(
                home.resolve("conf/config.yaml"),
                String.join(
                        "\n",
                        "jobmanager:",
                        "  rpc: {address: 127.0.0.1, port: " + LocalSparkCluster.freePort() + "}",
                        "  bind-host: 127.0.0.1",
                        "  memory: {process: {size: 1024m}}",
                        "taskmanager:",
                        "  bind-host: 127.0.0.1",
                        "  host: 127.0.0.1",
                        "  numberOfTaskSlots: 2",
                        "  memory: {process: {size: 1536m}}",
                        "rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: "
                                + c.restPort
                                + "}",
                        "parallelism: {default: 2}",
                        "web: {tmpdir: " + home.resolve("web") + "}",
                        "io: {tmp: {dirs: " + home.resolve("tmp") + "}}",
                        ""));
        Files.writeString(
                home.resolve("conf/log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.out.ref = out",
                        "appender.out.name = out",
                        "appender.out.type = CONSOLE",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                        ""));
        try {
            c.spawn(
                    "jobmanager",
                    "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    workDir);
            c.spawn(
                    "taskmanager",
                    "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    workDir);
            c.awaitSlots(2, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the caller never gets the cluster to close: stop what did start (a JobManager left
            // behind when the TaskManager failed to come up under load)
            c.close();
            throw e;
        }
        return c;
    }

    /** The JobManager's REST endpoint. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** GET on the REST API, parsed. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(restUrl() + path))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    /** The last lines of the JobManager's and TaskManager's output, for failure messages. */
    public String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String n : List.of("jobmanager", "taskmanager")) {
            Path log = home.resolve("log").resolve(n + ".out");
            if (!Files.exists(log)) continue;
            String s = Files.readString(log, StandardCharsets.UTF_8);
            b.append("--- ")
                    .append(n)
                    .append('\n')
                    .append(s.length() > 3000 ? s.substring(s.length() - 3000) : s);
        }
        return b.toString();
    }

    /** Runs Flink's BashJavaUtils like {@code bin/config.sh}: JVM flags, then -D properties. */
    private List<List<String>> resourceParams(String command)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                home.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(1, TimeUnit.MINUTES);
        List<List<String>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                String v = line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim();
                lines.add(v.isEmpty() ? List.of() : Arrays.asList(v.split(" ")));
            }
        }
        if (lines.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed: " + out);
        }
        return lines;
    }

    private void spawn(String name, String paramsCommand, String mainClass, Path workDir)
            throws IOException, InterruptedException {
        List<List<String>> params = resourceParams(paramsCommand);
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(params.get(0));
        cmd.addAll(JAVA_OPTS);
        cmd.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(home.resolve("conf").toString());
        cmd.addAll(params.get(1));
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("log").resolve(name + ".out").toFile());
        processes.add(pb.start());
    }

    private void awaitSlots(int slots, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : processes) {
                if (!p.isAlive()) throw new IllegalStateException("Flink died:\n" + logs());
            }
            try {
                if (get("/overview").path("slots-total").asInt() >= slots) return;
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "Flink's TaskManager did not register within " + timeout + ":\n" + logs());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
