package dev.algotrader.cli.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.UserError;
import dev.algotrader.cli.rest.RestClient;
import dev.algotrader.fixtures.TestClock;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink REST client against a local server answering like a JobManager (bodies shaped like the
 * REST API reference: JarUploadResponseBody, JarRunResponseBody, TriggerResponse,
 * AsynchronousOperationResult, JobDetailsInfo, ErrorResponseBody).
 */
public class FlinkRestClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAR_ID = "a3f0b6c2-0c62-4d0e-9a55-3c1c1f1b2f7e_streaming-jobs-flink.jar";
    static final String JOB_ID = "869a9868d49c679e7355700e0857af85";
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json; charset=UTF-8")
                .body(body)
                .build();
    }

    public static String uploadOk() {
        return "{\"filename\": \"/tmp/flink-web-6b2d/flink-web-upload/"
                + JAR_ID
                + "\", \"status\": \"success\"}";
    }

    FlinkRestClient client() {
        return new FlinkRestClient(
                new RestClient(
                        "Flink",
                        URI.create(server.url("/").toString()),
                        Map.of(),
                        2,
                        Duration.ZERO,
                        Duration.ofSeconds(5),
                        d -> {}));
    }

    @Test
    void uploadSendsMultipartJarfileAndReturnsTheJarId(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("streaming-jobs-flink.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 42});
        server.enqueue(json(200, uploadOk()));
        assertThat(client().uploadJar(jar)).isEqualTo(JAR_ID);
        RecordedRequest r = server.takeRequest();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/jars/upload");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        String body = r.getBody().string(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body)
                .contains("name=\"jarfile\"; filename=\"streaming-jobs-flink.jar\"")
                .contains("Content-Type: application/x-java-archive")
                .contains("PK\u0003\u0004*");
    }

    @Test
    void missingJarSaysHowToBuildIt(@TempDir Path tmp) {
        assertThatThrownBy(() -> client().uploadJar(tmp.resolve("nope.jar")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("make build");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void runPostsEntryClassArgsAndSavepoint() throws Exception {
        server.enqueue(json(200, "{\"jobid\": \"" + JOB_ID + "\"}"));
        String job =
                client().runJar(
                                JAR_ID,
                                "dev.algotrader.stream.TraderJob",
                                List.of("--env", "paper"),
                                2,
                                "file:/tmp/sp/savepoint-86a9-0123",
                                false);
        assertThat(job).isEqualTo(JOB_ID);
        RecordedRequest r = server.takeRequest();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/jars/" + JAR_ID + "/run");
        JsonNode b = JSON.readTree(r.getBody().utf8());
        assertThat(b.path("entryClass").asText()).isEqualTo("dev.algotrader.stream.TraderJob");
        assertThat(b.path("programArgsList").toString()).isEqualTo("[\"--env\",\"paper\"]");
        assertThat(b.path("parallelism").asInt()).isEqualTo(2);
        assertThat(b.path("savepointPath").asText()).isEqualTo("file:/tmp/sp/savepoint-86a9-0123");
        assertThat(b.path("allowNonRestoredState").asBoolean()).isFalse();
    }

    @Test
    void jobsReadsTheOverviewAndTellsActiveFromTerminalStates() throws Exception {
        // MultipleJobsDetails as GET /jobs/overview answers (Flink REST API reference)
        server.enqueue(
                json(
                        200,
                        "{\"jobs\": [{\"jid\": \""
                                + JOB_ID
                                + "\", \"name\": \"algo-trader paper-run [run-id paper]\","
                                + " \"state\": \"RUNNING\", \"start-time\": 1764680000000,"
                                + " \"end-time\": -1, \"duration\": 120000,"
                                + " \"last-modification\": 1764680002000, \"tasks\":"
                                + " {\"total\": 6, \"created\": 0, \"scheduled\": 0,"
                                + " \"deploying\": 0, \"running\": 6, \"finished\": 0,"
                                + " \"canceling\": 0, \"canceled\": 0, \"failed\": 0,"
                                + " \"reconciling\": 0, \"initializing\": 0}},"
                                + " {\"jid\": \"0f1e2d3c4b5a69788796a5b4c3d2e1f0\", \"name\":"
                                + " \"algo-trader paper-run [run-id paper]\", \"state\":"
                                + " \"CANCELED\", \"start-time\": 1764670000000, \"end-time\":"
                                + " 1764671000000, \"duration\": 1000000, \"last-modification\":"
                                + " 1764671000000, \"tasks\": {\"total\": 6}}]}"));
        List<FlinkRestClient.JobInfo> jobs = client().jobs();
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/jobs/overview");
        assertThat(jobs)
                .containsExactly(
                        new FlinkRestClient.JobInfo(
                                JOB_ID, "algo-trader paper-run [run-id paper]", "RUNNING"),
                        new FlinkRestClient.JobInfo(
                                "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                "algo-trader paper-run [run-id paper]",
                                "CANCELED"));
        for (String s :
                List.of(
                        "INITIALIZING",
                        "CREATED",
                        "RUNNING",
                        "RESTARTING",
                        "FAILING",
                        "CANCELLING",
                        "SUSPENDED",
                        "RECONCILING")) {
            assertThat(FlinkRestClient.active(s)).as(s).isTrue();
        }
        for (String s : List.of("FINISHED", "CANCELED", "FAILED")) {
            assertThat(FlinkRestClient.active(s)).as(s).isFalse();
        }
    }

    @Test
    void aMainThatThrowsIsReportedWithItsOwnMessage() {
        // JarRunHandler's answer when the program's main throws (ErrorResponseBody)
        server.enqueue(
                json(
                        400,
                        "{\"errors\": [\"org.apache.flink.runtime.rest.handler.RestHandlerException:"
                                + " Could not execute application.\\n\\tat org.apache.flink.runtime"
                                + ".webmonitor.handlers.JarRunHandler.lambda$handleRequest$3\\n"
                                + "Caused by: org.apache.flink.client.program"
                                + ".ProgramInvocationException: The main method caused an error:"
                                + " trader: unknown option '--frobnicate'; usage: paper-once|paper-run"
                                + " ...\\n\\tat org.apache.flink.client.program.PackagedProgram"
                                + ".callMainMethod\"]}"));
        assertThatThrownBy(
                        () ->
                                client().runJar(
                                                JAR_ID,
                                                "X",
                                                List.of("paper-run", "--frobnicate"),
                                                1,
                                                null,
                                                false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(
                        "(HTTP 400): the trader's main failed: trader: unknown option '--frobnicate'");
    }

    @Test
    void freshRunSendsNoSavepoint() throws Exception {
        server.enqueue(json(200, "{\"jobid\": \"" + JOB_ID + "\"}"));
        client().runJar(JAR_ID, "X", List.of(), 1, null, false);
        JsonNode b = JSON.readTree(server.takeRequest().getBody().utf8());
        assertThat(b.has("savepointPath")).isFalse();
    }

    @Test
    void runErrorShowsFlinksFirstErrorLine() {
        server.enqueue(
                json(
                        400,
                        "{\"errors\": [\"org.apache.flink.runtime.rest.handler.RestHandlerException:"
                                + " Could not execute application.\\n\\tat org.apache...\"]}"));
        assertThatThrownBy(() -> client().runJar(JAR_ID, "X", List.of(), 1, null, false))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Could not execute application.")
                .hasMessageNotContaining("\tat ");
    }

    @Test
    void stopWithSavepointThenPollUntilCompleted() throws Exception {
        server.enqueue(json(202, "{\"request-id\": \"7c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f\"}"));
        server.enqueue(json(200, "{\"status\": {\"id\": \"IN_PROGRESS\"}, \"operation\": null}"));
        server.enqueue(
                json(
                        200,
                        "{\"status\": {\"id\": \"COMPLETED\"}, \"operation\": {\"location\":"
                                + " \"file:/tmp/sp/savepoint-869a98-4f1c2e3d\"}}"));
        FlinkRestClient c = client();
        String trigger = c.stopWithSavepoint(JOB_ID, "file:///tmp/sp", false);
        assertThat(trigger).isEqualTo("7c8d1e2f3a4b5c6d7e8f9a0b1c2d3e4f");
        TestClock clock = new TestClock(Instant.parse("2026-11-25T19:00:00Z"));
        String location =
                c.awaitSavepoint(
                        JOB_ID,
                        trigger,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1),
                        clock,
                        d -> clock.advanceMillis(d.toMillis()));
        assertThat(location).isEqualTo("file:/tmp/sp/savepoint-869a98-4f1c2e3d");
        RecordedRequest stop = server.takeRequest();
        assertThat(stop.getUrl().encodedPath()).isEqualTo("/jobs/" + JOB_ID + "/stop");
        JsonNode b = JSON.readTree(stop.getBody().utf8());
        assertThat(b.path("targetDirectory").asText()).isEqualTo("file:///tmp/sp");
        assertThat(b.path("drain").asBoolean()).isFalse();
        assertThat(server.takeRequest().getUrl().encodedPath())
                .isEqualTo("/jobs/" + JOB_ID + "/savepoints/" + trigger);
    }

    @Test
    void failedSavepointReportsItsCause() {
        server.enqueue(
                json(
                        200,
                        "{\"status\": {\"id\": \"COMPLETED\"}, \"operation\": {\"failure-cause\":"
                                + " {\"class\": \"java.util.concurrent.CompletionException\","
                                + " \"stack-trace\": \"java.util.concurrent.CompletionException:"
                                + " Checkpoint Coordinator is suspending.\\n\\tat x\","
                                + " \"serialized-throwable\": \"rO0AB\"}}}"));
        TestClock clock = new TestClock(Instant.parse("2026-11-25T19:00:00Z"));
        assertThatThrownBy(
                        () ->
                                client().awaitSavepoint(
                                                JOB_ID,
                                                "t",
                                                Duration.ofSeconds(1),
                                                Duration.ofMinutes(1),
                                                clock,
                                                d -> {}))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("Checkpoint Coordinator is suspending.")
                .hasMessageNotContaining("\tat");
    }

    @Test
    void jobStateAndUnknownJob() {
        server.enqueue(
                json(
                        200,
                        "{\"jid\": \""
                                + JOB_ID
                                + "\", \"name\": \"algo-trader paper\", \"isStoppable\": false,"
                                + " \"state\": \"RUNNING\", \"start-time\": 1764097200000}"));
        server.enqueue(json(404, "{\"errors\": [\"Job could not be found.\"]}"));
        assertThat(client().job(JOB_ID).state()).isEqualTo("RUNNING");
        assertThatThrownBy(() -> client().job("deadbeef"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not know job deadbeef");
    }

    @Test
    void overviewReadsSlots() {
        server.enqueue(
                json(
                        200,
                        "{\"taskmanagers\": 1, \"slots-total\": 2, \"slots-available\": 2,"
                                + " \"jobs-running\": 0, \"jobs-finished\": 0, \"jobs-cancelled\":"
                                + " 0, \"jobs-failed\": 0, \"flink-version\": \"2.2.1\","
                                + " \"flink-commit\": \"abc\"}"));
        FlinkRestClient.Overview o = client().overview();
        assertThat(o.flinkVersion()).isEqualTo("2.2.1");
        assertThat(o.slotsFree()).isEqualTo(2);
    }

    @Test
    void unreachableClusterIsOneLine() {
        String url = server.url("/").toString();
        server.close();
        FlinkRestClient c =
                new FlinkRestClient(
                        new RestClient(
                                "Flink",
                                URI.create(url),
                                Map.of(),
                                2,
                                Duration.ZERO,
                                Duration.ofSeconds(2),
                                d -> {}));
        assertThatThrownBy(c::overview)
                .isInstanceOf(RestClient.ServiceUnavailable.class)
                .hasMessageStartingWith("cannot reach Flink at " + url);
    }
}
