package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.ml.ResearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs end honestly against the real MLflow server: a run whose server is killed mid-run is
 * remembered as FAILED and closed by the next store that reaches the server; {@link RunRepair}
 * closes runs whose process is gone and leaves live ones alone.
 */
class MlflowRunLifecycleIT {

    @TempDir static Path dir;
    static MlflowServerProcess server;

    @BeforeAll
    static void start() {
        server = MlflowServerProcess.start(dir.resolve("mlflow"), null, false);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ResearchConfig.Mlflow mlflow(Path dataRoot) {
        return new ResearchConfig.Mlflow(
                server.uri(), "", Duration.ofSeconds(20), Map.of(), dataRoot, Duration.ofHours(24));
    }

    @Test
    void aRunWhoseServerDiesEndsFailedOnceTheServerIsBack() throws Exception {
        Path data = dir.resolve("data");
        TrackingStore store = Tracking.open(mlflow(data), null, Clock.systemUTC());
        boolean[] killed = {false};
        String started;
        try (TrackedRun run = TrackedRun.start(store, "lifecycle", "train", Map.of())) {
            started = run.id();
            store.logParams(run.id(), Map.of("seed", "42"));
            store.logMetrics(run.id(), Map.of("fold_log_loss", 0.69), 0);
            // the server dies mid-run: the next call fails, the run is closed as FAILED
            server.stop();
            killed[0] = true;
            assertThatThrownBy(
                            () ->
                                    store.uploadArtifact(
                                            run.id(), "model/portable.json", new byte[] {1}))
                    .isInstanceOf(TrackingException.class)
                    .hasMessageStartingWith("cannot reach the MLflow tracking server at");
        } finally {
            if (killed[0]) server.restart();
        }
        assertThat(killed[0]).as("the server was killed mid-run").isTrue();
        PendingRunEnds pending = PendingRunEnds.under(data);
        assertThat(pending.total()).isEqualTo(1);
        JsonNode remembered;
        try (Stream<Path> f = Files.list(pending.dir())) {
            remembered = new ObjectMapper().readTree(f.findFirst().orElseThrow().toFile());
        }
        String runId = remembered.path("run_id").asText();
        assertThat(runId).isEqualTo(started);
        assertThat(remembered.path("status").asText()).isEqualTo("FAILED");
        assertThat(remembered.path("server").asText()).isEqualTo(server.uri());

        // the server is back: the next command that opens the store closes the run
        try (TrackingStore next = Tracking.open(mlflow(data), null, Clock.systemUTC())) {
            assertThat(pending.total()).isZero();
            assertThat(next.runStatus(runId)).isEqualTo(TrackingStore.RunStatus.FAILED);
            assertThat(next.runningRuns())
                    .extracting(TrackingStore.RunInfo::runId)
                    .doesNotContain(runId);
        }
        long endTime = endTime(runId);
        assertThat(endTime).isEqualTo(remembered.path("end_time").asLong());
    }

    @Test
    void repairFailsRunsWhoseProcessIsGoneAndKeepsLiveOnes() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        String host = RunProvenance.host();
        Clock twoDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-2));
        TrackingStore now = Tracking.open(mlflow(dir.resolve("d2")), null, Clock.systemUTC());
        TrackingStore old = Tracking.open(mlflow(dir.resolve("d2")), null, twoDaysAgo);
        String exp = now.experiment("repair");
        String crashed =
                now.startRun(
                        exp,
                        "crashed",
                        Map.of(
                                RunProvenance.HOST,
                                host,
                                RunProvenance.PID,
                                Long.toString(deadPid)));
        String mine = now.startRun(exp, "mine", Map.of());
        String oldElsewhere =
                old.startRun(exp, "old-elsewhere", Map.of(RunProvenance.HOST, "other-host"));
        String freshElsewhere =
                now.startRun(exp, "fresh-elsewhere", Map.of(RunProvenance.HOST, "other-host"));

        RunRepair repair = new RunRepair(Clock.systemUTC(), Duration.ofHours(24));
        RunRepair.Result dry = repair.repair(now, true);
        assertThat(dry.orphans())
                .extracting(RunRepair.Orphan::runId)
                .contains(crashed, oldElsewhere)
                .doesNotContain(mine, freshElsewhere);
        assertThat(now.runStatus(crashed)).isEqualTo(TrackingStore.RunStatus.RUNNING);

        RunRepair.Result done = repair.repair(now, false);
        assertThat(done.orphans())
                .extracting(RunRepair.Orphan::runId)
                .contains(crashed, oldElsewhere);
        assertThat(now.runStatus(crashed)).isEqualTo(TrackingStore.RunStatus.FAILED);
        assertThat(now.runStatus(oldElsewhere)).isEqualTo(TrackingStore.RunStatus.FAILED);
        assertThat(now.runTags(crashed).get(RunRepair.REPAIR_TAG))
                .isEqualTo("process " + deadPid + " on " + host + " is gone");
        assertThat(now.runTags(oldElsewhere).get(RunRepair.REPAIR_TAG))
                .contains("other-host")
                .contains("older than orphan-after");
        assertThat(endTime(crashed)).isGreaterThan(0);
        assertThat(now.runStatus(mine)).isEqualTo(TrackingStore.RunStatus.RUNNING);
        assertThat(now.runStatus(freshElsewhere)).isEqualTo(TrackingStore.RunStatus.RUNNING);
        for (String r : List.of(mine, freshElsewhere)) {
            now.endRun(r, TrackingStore.RunStatus.FINISHED);
        }
        assertThat(Instant.ofEpochMilli(endTime(mine)).atZone(ZoneOffset.UTC).getYear())
                .isGreaterThan(2000);
    }

    /** The run's end time as the server reports it. */
    private static long endTime(String runId) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var res =
                http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(
                                                server.uri()
                                                        + "/api/2.0/mlflow/runs/get?run_id="
                                                        + runId))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper()
                .readTree(res.body())
                .path("run")
                .path("info")
                .path("end_time")
                .asLong();
    }
}
