package dev.algotrader.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code make cluster-test}: a Spark standalone master + worker on 127.0.0.1 (from the Maven
 * artifacts), the pipeline jobs submitted with {@code org.apache.spark.deploy.SparkSubmit} in
 * client mode with the shaded {@code target/algo-trader-spark.jar}, then the Delta tables and the
 * master's application list checked; everything it started is stopped.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static Path work;
    static LocalSparkCluster spark;
    static Path config;

    @BeforeAll
    static void startCluster() throws Exception {
        Path jar = MODULE.resolve("target/algo-trader-spark.jar");
        assertThat(jar).as("run 'make build' first").exists();
        work = Files.createTempDirectory("algo-trader-cluster");
        spark =
                LocalSparkCluster.start(
                        work.resolve("spark-home"),
                        MODULE.resolve("target/lib"),
                        Duration.ofSeconds(120));
        config = work.resolve("cluster.conf");
        Files.writeString(
                config,
                "algotrader.data-root = \""
                        + work.resolve("data")
                        + "\"\nalgotrader.events-file = \""
                        + work.resolve("data/events.jsonl")
                        + "\"\nalgotrader.reports-dir = \""
                        + work.resolve("data/reports")
                        + "\"\n");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (spark != null) spark.close();
    }

    /**
     * spark-submit --master spark://… --class dev.algotrader.cli.Main algo-trader-spark.jar ARGS.
     */
    static String submit(String... cliArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(LocalSparkCluster.OPENS);
        cmd.add("-Dalgotrader.sample-data=" + MODULE.resolve("target/sample-data"));
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
                        "spark.executor.memory=1g",
                        "--conf",
                        "spark.executor.cores=2",
                        "--conf",
                        "spark.executor.extraJavaOptions="
                                + String.join(" ", LocalSparkCluster.OPENS),
                        MODULE.resolve("target/algo-trader-spark.jar").toString(),
                        "--config",
                        config.toString()));
        cmd.addAll(List.of(cliArgs));
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).directory(ROOT.toFile());
        pb.environment().putAll(spark.env());
        Path log = work.resolve("submit-" + cliArgs[0] + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES))
                .as("spark-submit %s timed out", cliArgs[0])
                .isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("spark-submit %s: %s", cliArgs[0], tail(out)).isZero();
        return out;
    }

    static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    static JsonNode masterStatus() throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(spark.statusUrl())).build(),
                                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    @Order(1)
    void ingestFeaturesLabelsRunOnTheCluster() throws Exception {
        assertThat(submit("ingest")).contains("ingest: ");
        assertThat(submit("features")).contains("features: ");
        assertThat(submit("labels")).contains("labels: ");
        for (String t :
                List.of("bronze/bars_raw", "silver/bars", "silver/features", "gold/labels")) {
            assertThat(work.resolve("data").resolve(t).resolve("_delta_log")).as(t).isDirectory();
        }
        JsonNode status = masterStatus();
        List<String> apps = new ArrayList<>();
        status.path("completedapps").forEach(a -> apps.add(a.path("name").asText()));
        // SparkSessions names every application "algo-trader" (its builder overrides --name)
        assertThat(apps).as("applications the master ran").hasSize(3);
        status.path("completedapps")
                .forEach(a -> assertThat(a.path("state").asText()).isEqualTo("FINISHED"));
        List<String> events = Files.readAllLines(work.resolve("data/events.jsonl"));
        assertThat(events.stream().filter(l -> l.contains("\"job.end\"")).count()).isEqualTo(3);
    }
}
