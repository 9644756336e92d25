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
 * master's application list checked; then a Flink session cluster (JobManager + TaskManager) on
 * 127.0.0.1 runs the trader's shaded jar submitted by {@code algo-trader trader start --cluster}
 * over Flink's REST API, is stopped with a savepoint and resumed from it; a second start of the run
 * is refused (one job), and a trader main with an unknown option leaves the session cluster up.
 *
 * <p>Nothing runs in the checkout: every command runs from {@code /} or from a temporary directory
 * deleted afterwards, with the home ({@code ALGOTRADER_HOME}, or {@code -Dalgotrader.home} for the
 * spark-submit driver) a folder of the test, and the configuration holding no path at all: every
 * table, the MLflow store, the trader's folders and {@code cluster.json} must land under the home.
 * Everything it started is stopped.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static Path work;
    static Path home;
    static LocalSparkCluster spark;
    static LocalFlinkCluster flink;
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
        // the home holds everything; the config names no path (all defaults, relative)
        home = Files.createDirectories(work.resolve("home"));
        config = work.resolve("cluster.conf");
        Files.writeString(
                config, "# make cluster-test: every path is the default, under the home\n");
    }

    /** A working directory that is not the checkout: {@code /}, or a fresh temp dir (deleted). */
    static Path elsewhere(int i) throws IOException {
        return i % 2 == 0 ? Path.of("/") : Files.createTempDirectory("algo-trader-cwd");
    }

    static int calls;

    static void deleteIfTemp(Path cwd) throws IOException {
        if (cwd.equals(Path.of("/"))) return;
        try (var s = Files.list(cwd)) {
            assertThat(s.toList()).as("nothing written to the working directory %s", cwd).isEmpty();
        }
        Files.delete(cwd);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (flink != null) flink.close();
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
        // client mode: this JVM is the driver, so the home goes on its command line (what
        // --conf spark.driver.extraJavaOptions=-Dalgotrader.home=… does through spark-submit)
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
        Path cwd = elsewhere(calls++);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).directory(cwd.toFile());
        pb.environment().putAll(spark.env());
        pb.environment().remove("ALGOTRADER_HOME");
        Path log = work.resolve("submit-" + cliArgs[0] + ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES))
                .as("spark-submit %s timed out", cliArgs[0])
                .isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("spark-submit %s in %s: %s", cliArgs[0], cwd, tail(out))
                .isZero();
        deleteIfTemp(cwd);
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
            assertThat(home.resolve("data").resolve(t).resolve("_delta_log")).as(t).isDirectory();
        }
        JsonNode status = masterStatus();
        List<String> apps = new ArrayList<>();
        status.path("completedapps").forEach(a -> apps.add(a.path("name").asText()));
        // the app name is spark-submit's --name (SparkSessions does not override it)
        assertThat(apps)
                .as("applications the master ran")
                .containsExactlyInAnyOrder(
                        "algo-trader-ingest", "algo-trader-features", "algo-trader-labels");
        status.path("completedapps")
                .forEach(a -> assertThat(a.path("state").asText()).isEqualTo("FINISHED"));
        List<String> events = Files.readAllLines(home.resolve("data/events.jsonl"));
        assertThat(events.stream().filter(l -> l.contains("\"job.end\"")).count()).isEqualTo(3);
        events.stream()
                .filter(l -> l.contains("\"job.end\""))
                .forEach(l -> System.out.println("cluster spark: " + l));
    }

    @Test
    @Order(2)
    void trainingRunsOnTheCluster() throws Exception {
        String out = submit("train");
        assertThat(out).contains("train: ");
        assertThat(home.resolve("mlruns/models")).as("registered models").isDirectory();
        List<String> events = Files.readAllLines(home.resolve("data/events.jsonl"));
        assertThat(events.stream().filter(l -> l.contains("\"job.end\"")).count()).isEqualTo(4);
        events.stream()
                .filter(l -> l.contains("\"job.end\""))
                .reduce((a, b) -> b)
                .ifPresent(l -> System.out.println("cluster spark: " + l));
        assertThat(submit("export", "silver/bars", "--out", inbox().toString()))
                .contains("silver/bars");
        assertThat(inbox()).isRegularFile();
    }

    static long countEvents(String marker) throws IOException {
        return Files.readAllLines(home.resolve("data/events.jsonl")).stream()
                .filter(l -> l.contains(marker))
                .count();
    }

    static Path inbox() {
        return home.resolve("data/trader/inbox/silver_bars.csv");
    }

    /** More environment for {@link #cli} (the Airflow URL and credentials in step 4). */
    static final java.util.Map<String, String> cliEnv = new java.util.HashMap<>();

    /** bin/algo-trader ARGS --config cluster.conf (the CLI is the Flink REST client). */
    static String cli(String... args) throws IOException, InterruptedException {
        return cliExpecting(0, args);
    }

    /**
     * As {@link #cli}, run from {@code /} or a deleted temp dir, expecting exit code {@code code}.
     */
    static String cliExpecting(int code, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/algo-trader").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", config.toString()));
        Path cwd = elsewhere(calls++);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).directory(cwd.toFile());
        pb.environment().put("ALGOTRADER_JAVA_OPTS", "-Xmx1g");
        pb.environment().put("ALGOTRADER_HOME", home.toString());
        pb.environment().putAll(cliEnv);
        Path log = Files.createTempFile(work, "cli-" + args[0] + "-" + args[1] + "-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        // an Airflow run waits for three spark-submits (or a trader restart) on a busy machine
        assertThat(p.waitFor(args[0].equals("airflow") ? 30 : 10, TimeUnit.MINUTES))
                .as("algo-trader %s timed out", args[0])
                .isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as(
                        "algo-trader %s in %s: %s\n%s",
                        String.join(" ", args), cwd, tail(out), flink.logs())
                .isEqualTo(code);
        deleteIfTemp(cwd);
        return out;
    }

    /**
     * Ids of the cluster's jobs of {@code runId} in a state other than FINISHED/CANCELED/FAILED.
     */
    static List<String> activeJobsOfRun(String runId) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode j : flink.get("/jobs/overview").path("jobs")) {
            String state = j.path("state").asText();
            if (dev.algotrader.cli.flink.FlinkRestClient.active(state)
                    && j.path("name").asText().endsWith("[run-id " + runId + "]")) {
                ids.add(j.path("jid").asText());
            }
        }
        return ids;
    }

    static String jobState(String jobId) throws Exception {
        return flink.get("/jobs/" + jobId).path("state").asText();
    }

    static String deployedJob() throws IOException {
        JsonNode d =
                new ObjectMapper()
                        .readTree(Files.readString(home.resolve("data/trader/cluster.json")));
        return d.path("jobId").asText(d.path("job_id").asText());
    }

    static List<String> orderLines() throws IOException {
        Path out = home.resolve("data/trader/out/orders");
        if (!Files.isDirectory(out)) return List.of();
        List<String> lines = new ArrayList<>();
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        return lines;
    }

    static void await(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            if (done.call()) return;
            Thread.sleep(1000);
        }
        throw new AssertionError("timed out waiting for " + what + "\n" + flink.logs());
    }

    @Test
    @Order(3)
    void traderRunsOnAFlinkSessionClusterStopsWithASavepointAndResumes() throws Exception {
        // the JobManager's working directory is neither the home nor the checkout: a trader path
        // resolved against it would land there
        Path jmCwd = Files.createDirectories(work.resolve("flink-cwd"));
        flink =
                LocalFlinkCluster.start(
                        work.resolve("flink"),
                        MODULE.resolve("target/flink-cluster.classpath"),
                        jmCwd,
                        Duration.ofSeconds(120));
        Path jar;
        try (var s = Files.list(ROOT.resolve("streaming-jobs/target"))) {
            jar = s.filter(p -> p.toString().endsWith("-flink.jar")).findFirst().orElseThrow();
        }
        // still no trader path: inbox, out, state, control and registry are the defaults under the
        // home, sent to the job as absolute paths by the CLI (--home, --set)
        Files.writeString(
                config,
                Files.readString(config)
                        // 20 one-minute bars per second: the replay outlives the test
                        + "algotrader.trader.replay-speed = 1200"
                        + "\nalgotrader.trader.checkpoint-interval = 2s"
                        + "\nalgotrader.control.flink.savepoint-dir = \""
                        + work.resolve("savepoints").toUri()
                        + "\"\nalgotrader.control.flink.trader-jar = \""
                        + jar
                        + "\"\n");

        String started = cli("trader", "start", "--cluster", flink.restUrl());
        assertThat(started).contains("trader started on " + flink.restUrl());
        String first = deployedJob();
        await("job " + first + " RUNNING", () -> jobState(first).equals("RUNNING"));
        await("orders from the cluster job", () -> !orderLines().isEmpty());
        try (var s = Files.list(jmCwd)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .as("nothing of the trader in the JobManager's working directory")
                    .doesNotContain("data", "mlruns");
        }

        // one trader per run id: a second start is refused, the cluster keeps one job of the run
        String refused = cliExpecting(2, "trader", "start", "--cluster", flink.restUrl());
        assertThat(refused)
                .contains("error: the trader of run id 'paper' already runs on " + flink.restUrl())
                .contains("as job " + first + " (RUNNING)")
                .contains("trader stop --cluster");
        assertThat(activeJobsOfRun("paper")).containsExactly(first);
        assertThat(jobState(first)).isEqualTo("RUNNING");

        // a trader main with an unknown option: the submit fails with the trader's message, and
        // the session cluster (and the running trader) stay up
        dev.algotrader.cli.flink.FlinkRestClient rest =
                new dev.algotrader.cli.flink.FlinkRestClient(
                        new dev.algotrader.cli.rest.RestClient(
                                "Flink",
                                URI.create(flink.restUrl()),
                                java.util.Map.of(),
                                1,
                                Duration.ZERO,
                                Duration.ofSeconds(120),
                                d -> {}));
        String jarId = rest.uploadJar(jar);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                rest.runJar(
                                        jarId,
                                        "dev.algotrader.stream.TraderMain",
                                        List.of("paper-run", "--frobnicate"),
                                        1,
                                        null,
                                        false))
                .hasMessageContaining("unknown option '--frobnicate'");
        Thread.sleep(2000);
        assertThat(flink.get("/overview").path("taskmanagers").asInt())
                .as("the JobManager answers after the bad submit")
                .isEqualTo(1);
        assertThat(jobState(first)).isEqualTo("RUNNING");
        System.out.println(
                "cluster trader: second start refused, unknown option refused, cluster up");
        assertThat(cli("trader", "status", "--cluster", flink.restUrl(), "--require-running"))
                .contains(first);

        String stopped = cli("trader", "stop", "--cluster", flink.restUrl());
        assertThat(stopped).contains("trader stopped; savepoint ");
        await("job " + first + " FINISHED", () -> jobState(first).equals("FINISHED"));
        int ordersBefore = orderLines().size();

        String resumed = cli("trader", "start", "--cluster", flink.restUrl());
        assertThat(resumed).contains("from savepoint file:");
        String second = deployedJob();
        assertThat(second).isNotEqualTo(first);
        await("job " + second + " RUNNING", () -> jobState(second).equals("RUNNING"));
        await("orders after the resume", () -> orderLines().size() > ordersBefore);
        cli("trader", "stop", "--cluster", flink.restUrl());

        // resumed from the savepoint: every order is sent once (no client_order_id twice)
        List<String> ids = new ArrayList<>();
        for (String l : orderLines()) {
            ids.add(new ObjectMapper().readTree(l).path("client_order_id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates().doesNotContain("");
        // the resumed job starts after the last traded bar: no bar arrives twice
        try (var files = Files.walk(home.resolve("data/trader/out/rejected_bars"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readAllLines(f)).as(f.toString()).allMatch(String::isBlank);
            }
        }
        List<String> events = Files.readAllLines(home.resolve("data/events.jsonl"));
        assertThat(events.stream().filter(l -> l.contains("\"trader.started\"")).count())
                .isEqualTo(2);
        assertThat(events.stream().filter(l -> l.contains("\"trader.stopped\"")).count())
                .isEqualTo(2);
        // the figures the README's "last result" quotes
        System.out.printf(
                "cluster trader: %d orders before the stop, %d after the resume, %d distinct"
                        + " client_order_ids, no bar delivered twice (work dir %s)%n",
                ordersBefore, ids.size() - ordersBefore, ids.size(), work);
    }

    /**
     * Step 4, the deployment a user runs: a real Airflow 2.10.3 (shared/services) whose {@code
     * spark_default} connection is the standalone master, with the DAG folder of the checkout, the
     * installation in the checkout and the home a folder of the test (Variables {@code
     * algotrader_install_dir} and {@code algotrader_home}), and a site {@code conf/} (the
     * installation's plus this test's cluster settings) in ALGOTRADER_CONF_DIR. Airflow runs each
     * task in a temporary directory it deletes afterwards. {@code market_data_daily} triggered over
     * REST with {@code {"symbols": ["BTC/USD"]}} runs ingest → features → labels through
     * SparkSubmitOperator on the master; {@code trader_deploy} twice restarts the trader on the
     * Flink session cluster from its savepoint, with one job of the run at a time.
     */
    @Test
    @Order(4)
    void airflowRunsMarketDataOnSparkAndDeploysTheTraderOnFlink() throws Exception {
        java.util.Optional<Path> services = dev.algotrader.cli.airflow.RealAirflow.servicesDir();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                services.isPresent(),
                "Airflow step skipped: shared/services/airflow not found next to the checkout;"
                        + " set ALGOTRADER_SERVICES_DIR");
        assertThat(flink).as("step 3 started the Flink session cluster").isNotNull();
        long t0 = System.nanoTime();
        Path siteConf = work.resolve("site-conf");
        copyTree(ROOT.resolve("conf"), siteConf);
        // the tasks run with --env paper: this test's cluster settings go into the site's overlay
        Files.writeString(
                siteConf.resolve("paper.conf"),
                "\n# make cluster-test\n" + Files.readString(config),
                java.nio.file.StandardOpenOption.APPEND);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("PATH", spark.clientBin() + ":" + System.getenv("PATH"));
        env.put("ALGOTRADER_CONF_DIR", siteConf.toString());
        env.put("ALGOTRADER_JAVA_OPTS", "-Xmx1g");
        env.put("FLINK_REST_URL", flink.restUrl());
        // triggered runs only: an empty schedule Variable leaves the DAG without a schedule, so
        // unpausing it creates no scheduled run beside ours
        env.put("AIRFLOW_VAR_ALGOTRADER_MARKET_DATA_SCHEDULE", "");
        env.put("AIRFLOW_VAR_ALGOTRADER_RESEARCH_SCHEDULE", "");
        long ingestsBefore = countEvents("\"not_selected\"");
        long startsBefore = countEvents("\"trader.started\"");
        try (dev.algotrader.cli.airflow.RealAirflow airflow =
                dev.algotrader.cli.airflow.RealAirflow.start(
                        services.get(), spark.masterUrl(), env)) {
            System.out.printf(
                    "cluster airflow: started in %d s at %s%n",
                    airflow.startTime.toSeconds(), airflow.url);
            setVariable(airflow, "algotrader_home", home.toString());
            setVariable(airflow, "algotrader_install_dir", ROOT.toString());
            cliEnv.put("AIRFLOW_BASE_URL", airflow.url.toString());
            cliEnv.put("AIRFLOW_USERNAME", dev.algotrader.cli.airflow.RealAirflow.USER);
            cliEnv.put("AIRFLOW_PASSWORD", dev.algotrader.cli.airflow.RealAirflow.PASSWORD);
            try {
                String market =
                        cli(
                                "airflow",
                                "trigger",
                                "market_data_daily",
                                "--conf",
                                "{\"symbols\": [\"BTC/USD\"]}",
                                "--unpause",
                                "--wait");
                System.out.println("cluster airflow: market_data_daily " + market.strip());
                assertThat(countEvents("\"not_selected\"")).isEqualTo(ingestsBefore + 1);
                String lastIngest =
                        Files.readAllLines(home.resolve("data/events.jsonl")).stream()
                                .filter(l -> l.contains("\"not_selected\""))
                                .reduce((a, b) -> b)
                                .orElseThrow();
                JsonNode details = new ObjectMapper().readTree(lastIngest).path("details");
                assertThat(details.path("not_selected").asLong())
                        .as("the run's symbols reached the ingest: %s", lastIngest)
                        .isPositive();
                assertThat(strings(details.path("symbols"))).containsExactly("BTC/USD");
                List<String> apps = new ArrayList<>();
                masterStatus()
                        .path("completedapps")
                        .forEach(a -> apps.add(a.path("name").asText()));
                assertThat(apps.stream().filter("algo-trader-ingest"::equals).count())
                        .as("ingest ran on the master again, from Airflow: %s", apps)
                        .isEqualTo(2);
                assertThat(apps).contains("algo-trader-features", "algo-trader-labels");

                for (String key : List.of("deploy-1", "deploy-2")) {
                    String deploy =
                            cli(
                                    "airflow",
                                    "trigger",
                                    "trader_deploy",
                                    "--key",
                                    key,
                                    "--unpause",
                                    "--wait");
                    System.out.println("cluster airflow: trader_deploy " + deploy.strip());
                    String job = deployedJob();
                    await("job " + job + " RUNNING", () -> jobState(job).equals("RUNNING"));
                    assertThat(activeJobsOfRun("paper"))
                            .as("one trader job after %s", key)
                            .containsExactly(job);
                }
                List<String> starts =
                        Files.readAllLines(home.resolve("data/events.jsonl")).stream()
                                .filter(l -> l.contains("\"trader.started\""))
                                .toList();
                assertThat(starts).hasSize((int) startsBefore + 2);
                assertThat(
                                starts.stream()
                                        .filter(l -> l.contains("\"from_savepoint\":\"file:"))
                                        .count())
                        .as("the Airflow restarts resumed from savepoints: %s", starts)
                        .isGreaterThanOrEqualTo(3);
                cli("trader", "stop", "--cluster", flink.restUrl());
            } finally {
                cliEnv.clear();
            }
        }
        System.out.printf(
                "cluster airflow: market_data_daily on Spark + 2 trader_deploy runs on Flink in"
                        + " %d s%n",
                (System.nanoTime() - t0) / 1_000_000_000L);
    }

    static void setVariable(
            dev.algotrader.cli.airflow.RealAirflow airflow, String key, String value)
            throws Exception {
        var r =
                airflow.api(
                        "POST", "/api/v1/variables", java.util.Map.of("key", key, "value", value));
        assertThat(r.status()).as("set Variable %s: %s", key, r.body()).isEqualTo(200);
    }

    static List<String> strings(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
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
