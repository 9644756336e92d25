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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make cluster-test}, the Kafka path deployed: a Kafka broker as its own process ({@code
 * ServeMain}, as {@code make paper-kafka} starts it), a Spark standalone master + worker and a
 * Flink session cluster, all on 127.0.0.1 and sized for 2 cores (parallelism 2). {@code ingest} and
 * {@code bars-feed} are submitted to the Spark master ({@code silver/bars} → {@code bars.1m});
 * {@code trader start --cluster} runs the trader's shaded jar on the session cluster with {@code
 * paper-run --source kafka} (its KafkaSource and EXACTLY_ONCE KafkaSinks) until {@code status}
 * shows a lag of 0 on every partition, {@code trader stop --cluster} stops it with a savepoint, and
 * {@code trading-sink --once} is submitted to the Spark master (its checkpoint under the home). The
 * {@code trading/*} rows must equal those of the file path ({@code paper-once} on a copy of the
 * same {@code silver/bars}, in a second home), and the order and fill counts those of the
 * backtester. Every process it started is stopped, also when a step fails.
 */
@Tag("slow")
class KafkaClusterIT {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final List<String> TABLES =
            List.of("trading/orders", "trading/fills", "trading/positions", "trading/equity");

    static Path work;
    static KafkaBrokerProcess kafka;
    static LocalSparkCluster spark;
    static LocalFlinkCluster flink;
    static ClusterCommands run;

    @BeforeAll
    static void startClusters() throws Exception {
        Path sparkJar = MODULE.resolve("target/algo-trader-spark.jar");
        assertThat(sparkJar).as("run 'make build' first").exists();
        work = Files.createTempDirectory("algo-trader-kafka-cluster");
        // also when the test JVM is stopped (Ctrl-C of make, a fork timeout) before @AfterAll
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        stopClusters();
                                    } catch (Exception e) {
                                        // best effort at exit
                                    }
                                },
                                "kafka-cluster-stop"));
        kafka = KafkaBrokerProcess.start(ROOT, work.resolve("kafka"), Duration.ofSeconds(180));
        spark =
                LocalSparkCluster.start(
                        work.resolve("spark-home"),
                        MODULE.resolve("target/lib"),
                        Duration.ofSeconds(120));
        flink =
                LocalFlinkCluster.start(
                        work.resolve("flink"),
                        MODULE.resolve("target/flink-cluster.classpath"),
                        Files.createDirectories(work.resolve("flink-cwd")),
                        Duration.ofSeconds(120));
        Path traderJar;
        try (var s = Files.list(ROOT.resolve("streaming-jobs/target"))) {
            traderJar =
                    s.filter(p -> p.toString().endsWith("-flink.jar")).findFirst().orElseThrow();
        }
        // no path of the home in it: every table, the trader's folders and the trading sink's
        // checkpoint resolve under the home; the job reads this file too (--config)
        Path config = work.resolve("cluster.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "# make cluster-test, the Kafka path",
                        "algotrader.kafka.bootstrap-servers = \"" + kafka.bootstrapServers() + "\"",
                        "algotrader.trader.strategy = \"sma-cross\"",
                        "algotrader.trader.checkpoint-interval = 2s",
                        "algotrader.control.flink.program-args = [\"paper-run\", \"--source\","
                                + " \"kafka\"]",
                        "algotrader.control.flink.savepoint-dir = \""
                                + work.resolve("savepoints").toUri()
                                + "\"",
                        "algotrader.control.flink.trader-jar = \"" + traderJar + "\"",
                        ""));
        run = new ClusterCommands(ROOT, MODULE, work, config, spark, () -> logs());
    }

    @AfterAll
    static void stopClusters() throws Exception {
        // each one even when another fails to stop
        try {
            if (flink != null) flink.close();
        } finally {
            try {
                if (spark != null) spark.close();
            } finally {
                if (kafka != null) kafka.close();
            }
        }
    }

    static String logs() throws IOException {
        return (flink != null ? flink.logs() : "") + (kafka != null ? kafka.logs() : "");
    }

    @Test
    void kafkaPathOnTheClustersWritesTheRowsOfTheFilePathAndTheBacktester() throws Exception {
        long t0 = System.nanoTime();
        Path home = Files.createDirectories(work.resolve("home"));
        assertThat(run.submit(home, "ingest")).contains("ingest: ");
        String feed = run.submit(home, "bars-feed");
        System.out.println("cluster kafka: " + lastLine(feed, "bars-feed"));
        long bars = count(feed, "bars-feed: ([\\d,]+) in");

        String started = run.cli(home, 0, "trader", "start", "--cluster", flink.restUrl());
        assertThat(started).contains("trader started on " + flink.restUrl());
        JsonNode lag = awaitLagZero(home);
        System.out.println("cluster kafka: trader lag 0 on " + lag.path("partitions"));
        String status = run.cli(home, 0, "status");
        assertThat(status).contains("trader lag on Kafka (group ").contains("): 0 bars behind");
        assertThat(run.cli(home, 0, "trader", "stop", "--cluster", flink.restUrl()))
                .contains("trader stopped; savepoint ");

        String sink = run.submit(home, "trading-sink", "--once");
        System.out.println("cluster kafka: " + lastLine(sink, "trading-sink"));
        assertThat(home.resolve("data/kafka/trading-sink"))
                .as("the sink's checkpoint")
                .isDirectory();
        assertThat(run.submit(home, "trading-sink", "--once"))
                .as("a second run from the checkpoint adds nothing")
                .contains("trading-sink: 0 in");
        List<String> apps = new ArrayList<>();
        for (JsonNode a : masterStatus().path("completedapps")) {
            apps.add(a.path("name").asText());
            assertThat(a.path("state").asText()).as(a.toString()).isEqualTo("FINISHED");
        }
        // bars-feed registers an application only while it reads silver/bars with Spark
        apps.remove("algo-trader-bars-feed");
        assertThat(apps)
                .as("applications the Spark master ran")
                .containsExactlyInAnyOrder(
                        "algo-trader-ingest",
                        "algo-trader-trading-sink",
                        "algo-trader-trading-sink");
        long kafkaPath = (System.nanoTime() - t0) / 1_000_000_000L;

        // the file path on the same bars: paper-once (embedded) in a second home
        Path fileHome = Files.createDirectories(work.resolve("file-home"));
        copyTree(home.resolve("data/silver/bars"), fileHome.resolve("data/silver/bars"));
        String once = run.cli(fileHome, 0, "paper-once");
        System.out.println("cluster kafka: file path " + lastLine(once, "paper-once"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String t : TABLES) {
            List<String> onKafka = export(home, t);
            assertThat(onKafka).as(t).hasSizeGreaterThan(1);
            assertThat(onKafka).as(t + ": Kafka path = file path").isEqualTo(export(fileHome, t));
            rows.put(t, onKafka);
        }
        // the backtester on the same bars and symbol (its rows land in the file home under its
        // own run id, after the comparison)
        String backtest =
                run.cli(fileHome, 0, "backtest", "--strategy", "sma-cross", "--symbol", "BTC/USD");
        List<String> orders = rows.get("trading/orders");
        List<String> fills = rows.get("trading/fills");
        assertThat(orders.size() - 1L).isEqualTo(count(backtest, "[{ ]orders=([\\d,]+)"));
        assertThat(fills.size() - 1L).isEqualTo(count(backtest, "[{ ]fills=([\\d,]+)"));
        System.out.printf(
                "cluster kafka: %d bars → %d orders, %d fills; trading/* equal to the file path's;"
                        + " %d s for the Kafka path, %d s in all (work dir %s)%n",
                bars,
                orders.size() - 1,
                fills.size() - 1,
                kafkaPath,
                (System.nanoTime() - t0) / 1_000_000_000L,
                work);
    }

    static JsonNode masterStatus() throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(spark.statusUrl())).build(),
                                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    /** Polls {@code status --json} until every partition's committed offset is its end. */
    JsonNode awaitLagZero(Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        JsonNode k = null;
        while (System.nanoTime() < deadline) {
            k =
                    new ObjectMapper()
                            .readTree(jsonOf(run.cli(home, 0, "status", "--json")))
                            .path("kafka");
            JsonNode parts = k.path("partitions");
            boolean done = parts.size() > 0 && k.path("total_lag").asLong(-1) == 0;
            for (JsonNode p : parts) {
                done &= !p.path("committed").isNull() || p.path("end").asLong() == 0;
            }
            if (done) return k;
            // a standalone session cluster does not replace a TaskManager that died
            assertThat(flink.get("/overview").path("taskmanagers").asInt())
                    .as("the TaskManager is up\n%s", logs())
                    .isEqualTo(1);
            assertThat(
                            run.cli(
                                    home,
                                    0,
                                    "trader",
                                    "status",
                                    "--cluster",
                                    flink.restUrl(),
                                    "--require-running"))
                    .as("the trader still runs")
                    .isNotEmpty();
            Thread.sleep(5000);
        }
        throw new AssertionError("the trader's lag did not reach 0: " + k + "\n" + logs());
    }

    /** The table as CSV lines (header first, rows sorted), exported through the CLI. */
    List<String> export(Path home, String table) throws Exception {
        Path out =
                work.resolve(
                        "export-" + home.getFileName() + "-" + table.replace('/', '_') + ".csv");
        Files.deleteIfExists(out);
        run.cli(home, 0, "export", table, "--out", out.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        if (lines.isEmpty()) return lines;
        String header = lines.remove(0);
        lines.sort(null);
        lines.add(0, header);
        return lines;
    }

    /** The JSON object of a command's output (the CLI may print log lines before it). */
    static String jsonOf(String out) {
        return out.substring(out.indexOf('{'));
    }

    static long count(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("%s in:\n%s", regex, ClusterCommands.tail(out)).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    static String lastLine(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(out);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }
}
