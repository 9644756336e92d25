package dev.algotrader.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The two ways {@link KafkaClusterIT} runs the platform, both from a temporary working directory
 * that must stay empty (and is deleted): {@link #submit} through {@code
 * org.apache.spark.deploy.SparkSubmit} to the standalone master (client mode, the shaded {@code
 * algo-trader-spark.jar}, the home as {@code -Dalgotrader.home} of the driver), and {@link #cli} as
 * {@code bin/algo-trader} (ALGOTRADER_HOME). Both take {@code --config} with the test's file.
 */
record ClusterCommands(
        Path root,
        Path module,
        Path work,
        Path config,
        LocalSparkCluster spark,
        Callable<String> clusterLogs) {

    /**
     * spark-submit --master spark://… --class dev.algotrader.cli.Main algo-trader-spark.jar ARGS.
     */
    String submit(Path home, String... cliArgs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        cmd.addAll(LocalSparkCluster.OPENS);
        cmd.add("-Dalgotrader.sample-data=" + module.resolve("target/sample-data"));
        cmd.add("-Dalgotrader.home=" + home);
        cmd.add("-cp");
        cmd.add(spark.sparkClasspath());
        cmd.addAll(
                List.of(
                        "org.apache.spark.deploy.SparkSubmit",
                        "--master",
                        spark.masterUrl(),
                        "--deploy-mode",
                        "client",
                        "--class",
                        "dev.algotrader.cli.Main",
                        "--name",
                        "algo-trader-" + cliArgs[0],
                        "--conf",
                        "spark.executor.memory=768m",
                        "--conf",
                        "spark.executor.cores=2",
                        "--conf",
                        "spark.executor.extraJavaOptions="
                                + String.join(" ", LocalSparkCluster.OPENS),
                        module.resolve("target/algo-trader-spark.jar").toString(),
                        "--config",
                        config.toString()));
        cmd.addAll(List.of(cliArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(spark.env());
        pb.environment().remove("ALGOTRADER_HOME");
        return run(pb, "submit-" + cliArgs[0], 0, 10);
    }

    /** bin/algo-trader ARGS --config …, expecting exit code {@code code}. */
    String cli(Path home, int code, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin/algo-trader").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ALGOTRADER_JAVA_OPTS", "-Xmx768m");
        pb.environment().put("ALGOTRADER_HOME", home.toString());
        return run(pb, "cli-" + args[0], code, 10);
    }

    private String run(ProcessBuilder pb, String name, int code, int minutes) throws Exception {
        Path cwd = Files.createTempDirectory(work, "cwd-");
        Path log = Files.createTempFile(work, name + "-", ".log");
        Process p =
                pb.directory(cwd.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(
                    name
                            + " timed out: "
                            + tail(Files.readString(log))
                            + "\n"
                            + clusterLogs.call());
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("%s: %s\n%s", String.join(" ", pb.command()), tail(out), clusterLogs.call())
                .isEqualTo(code);
        try (var s = Files.list(cwd)) {
            assertThat(s.toList()).as("nothing written to the working directory").isEmpty();
        }
        Files.delete(cwd);
        return out;
    }

    static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
