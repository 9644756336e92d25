package dev.algotrader.cli.commands;

import static dev.algotrader.cli.flink.FlinkRestClientTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.flink.FlinkRestClientTest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trader ... --cluster} against a local server answering like a Flink JobManager. */
class TraderClusterCommandTest {

    static final String JOB = "869a9868d49c679e7355700e0857af85";
    static final String JOB2 = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    @TempDir Path tmp;
    private MockWebServer server;
    private CliHarness cli;
    private Path jar;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        jar = tmp.resolve("streaming-jobs-flink.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        cli =
                new CliHarness(
                        tmp,
                        "algotrader.control.flink { rest-url = \""
                                + server.url("/")
                                + "\", retry-backoff-ms = 0, trader-jar = \""
                                + jar
                                + "\", savepoint-dir = \"file:///tmp/sp\" }\n",
                        Clock.systemUTC(),
                        Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode clusterJson() throws Exception {
        return new ObjectMapper().readTree(tmp.resolve("data/trader/cluster.json").toFile());
    }

    private static String job(String id, String state) {
        return "{\"jid\": \"" + id + "\", \"name\": \"algo-trader\", \"state\": \"" + state + "\"}";
    }

    /** A {@code GET /jobs/overview} body (MultipleJobsDetails) with the given jobs. */
    static String overview(String... jobs) {
        return "{\"jobs\": [" + String.join(", ", jobs) + "]}";
    }

    /** One JobDetails entry of the overview, shaped like Flink's REST reference. */
    static String detail(String id, String name, String state) {
        return "{\"jid\": \""
                + id
                + "\", \"name\": \""
                + name
                + "\", \"state\": \""
                + state
                + "\", \"start-time\": 1764680000000, \"end-time\": -1, \"duration\": 5000,"
                + " \"last-modification\": 1764680005000, \"tasks\": {\"total\": 4,"
                + " \"created\": 0, \"scheduled\": 0, \"deploying\": 0, \"running\": 4,"
                + " \"finished\": 0, \"canceling\": 0, \"canceled\": 0, \"failed\": 0,"
                + " \"reconciling\": 0, \"initializing\": 0}}";
    }

    @Test
    void startStopRestartKeepsStateThroughSavepoints() throws Exception {
        // start: no job of run id 'paper' on the cluster, nothing recorded → upload + run fresh
        server.enqueue(
                json(
                        200,
                        overview(
                                detail(JOB2, "algo-trader paper-run [run-id other]", "RUNNING"),
                                detail(JOB, "algo-trader paper-run [run-id paper]", "FINISHED"))));
        server.enqueue(json(200, FlinkRestClientTest.uploadOk()));
        server.enqueue(json(200, "{\"jobid\": \"" + JOB + "\"}"));
        assertThat(cli.run("trader", "start", "--cluster")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("as job " + JOB + " (fresh state)");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/jobs/overview");
        RecordedRequest upload = server.takeRequest();
        assertThat(upload.getUrl().encodedPath()).isEqualTo("/jars/upload");
        RecordedRequest run = server.takeRequest();
        // the job gets the run id and every trader path as resolved by this CLI (absolute)
        assertThat(run.getBody().utf8())
                .contains("\"entryClass\":\"dev.algotrader.stream.TraderMain\"")
                .contains("\"programArgsList\":[\"paper-run\",\"--env\",\"local\",")
                .contains("\"--set\",\"algotrader.trader.run-id=paper\"")
                .contains(
                        "\"--set\",\"algotrader.trader.state-dir="
                                + tmp.resolve("data/trader/state")
                                + "\"")
                .contains("\"--set\",\"algotrader.events-file=" + tmp.resolve("data/events.jsonl"))
                .doesNotContain("savepointPath");
        assertThat(clusterJson().path("job_id").asText()).isEqualTo(JOB);

        // stop: job RUNNING → stop with savepoint → poll → recorded
        server.enqueue(json(200, job(JOB, "RUNNING")));
        server.enqueue(json(202, "{\"request-id\": \"trig-1\"}"));
        server.enqueue(
                json(
                        200,
                        "{\"status\": {\"id\": \"COMPLETED\"}, \"operation\": {\"location\":"
                                + " \"file:/tmp/sp/savepoint-869a98-1\"}}"));
        assertThat(cli.run("trader", "stop", "--cluster")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("savepoint file:/tmp/sp/savepoint-869a98-1");
        assertThat(clusterJson().path("last_savepoint").asText())
                .isEqualTo("file:/tmp/sp/savepoint-869a98-1");
        server.takeRequest();
        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"targetDirectory\":\"file:///tmp/sp\"");
        server.takeRequest();

        // restart: job no longer running → start from the recorded savepoint
        server.enqueue(json(200, job(JOB, "FINISHED")));
        server.enqueue(
                json(
                        200,
                        overview(detail(JOB, "algo-trader paper-run [run-id paper]", "FINISHED"))));
        server.enqueue(json(200, FlinkRestClientTest.uploadOk()));
        server.enqueue(json(200, "{\"jobid\": \"" + JOB2 + "\"}"));
        assertThat(cli.run("trader", "restart", "--cluster")).as(cli.err()).isZero();
        server.takeRequest();
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"savepointPath\":\"file:/tmp/sp/savepoint-869a98-1\"");
        assertThat(cli.out()).contains("from savepoint file:/tmp/sp/savepoint-869a98-1");
        assertThat(clusterJson().path("job_id").asText()).isEqualTo(JOB2);
        assertThat(cli.eventTypes())
                .containsExactly("trader.started", "trader.stopped", "trader.started");

        // status
        server.enqueue(json(200, job(JOB2, "RUNNING")));
        assertThat(cli.run("trader", "status", "--cluster", "--require-running")).isZero();
        assertThat(cli.out()).contains(JOB2 + " RUNNING");
        server.enqueue(json(200, job(JOB2, "FAILED")));
        assertThat(cli.run("trader", "status", "--cluster", "--require-running"))
                .isEqualTo(Main.EXIT_FAILURE);
    }

    @Test
    void startRefusesWhenAlreadyRunning() throws Exception {
        server.enqueue(json(200, overview()));
        server.enqueue(json(200, FlinkRestClientTest.uploadOk()));
        server.enqueue(json(200, "{\"jobid\": \"" + JOB + "\"}"));
        assertThat(cli.run("trader", "start", "--cluster")).as(cli.err()).isZero();
        server.enqueue(
                json(
                        200,
                        overview(detail(JOB, "algo-trader paper-run [run-id paper]", "RUNNING"))));
        assertThat(cli.run("trader", "start", "--cluster")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .contains("run id 'paper' already runs")
                .contains("as job " + JOB + " (RUNNING)")
                .contains("trader stop --cluster")
                .contains("trader restart --cluster");
        assertThat(cli.err().strip().lines()).hasSize(1);
        // overview, upload, run, overview: the refused start submitted nothing
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(cli.eventTypes())
                .containsExactly("trader.started", "trader.start.refused", "command.failed");
    }

    @Test
    void startRefusesAJobOfTheRunStartedElsewhere() throws Exception {
        // nothing recorded in this home, but the cluster runs (restarts) the run's job
        server.enqueue(
                json(
                        200,
                        overview(
                                detail(
                                        JOB2,
                                        "algo-trader paper-run [run-id paper]",
                                        "RESTARTING"))));
        assertThat(cli.run("trader", "start", "--cluster")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .contains("as job " + JOB2 + " (RESTARTING)")
                .contains("not started from this home")
                .contains("flink stop --savepointPath DIR " + JOB2);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(Files.exists(tmp.resolve("data/trader/cluster.json"))).isFalse();
    }

    @Test
    void stopWithNothingDeployedSaysHowToStart() {
        assertThat(cli.run("trader", "stop", "--cluster")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("trader start --cluster");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unreachableClusterIsOneLineExitThreeAndAnEvent() {
        String url = server.url("/").toString();
        server.close();
        int code = cli.run("trader", "start", "--cluster", url);
        assertThat(code).isEqualTo(Main.EXIT_UNAVAILABLE);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("cannot reach Flink at " + url);
        assertThat(cli.eventTypes()).containsExactly("command.failed");
    }

    @Test
    void aSiteConfigurationFolderGoesToTheJob() throws Exception {
        // the JobManager does not have this shell's ALGOTRADER_CONF_DIR / --conf-dir
        Path site = Files.createDirectories(tmp.resolve("site-conf"));
        Files.writeString(site.resolve("local.conf"), "algotrader.trader.replay-speed = 60\n");
        server.enqueue(json(200, overview()));
        server.enqueue(json(200, FlinkRestClientTest.uploadOk()));
        server.enqueue(json(200, "{\"jobid\": \"" + JOB + "\"}"));
        assertThat(cli.run("trader", "start", "--cluster", "--conf-dir", site.toString()))
                .as(cli.err())
                .isZero();
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().getBody().utf8())
                .contains("\"--conf-dir\",\"" + site.toAbsolutePath() + "\"");
    }
}
