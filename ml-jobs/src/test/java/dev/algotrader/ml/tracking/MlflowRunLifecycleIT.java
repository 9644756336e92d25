package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.MlflowServerProcess;
import dev.algotrader.ml.ResearchConfig;
import dev.algotrader.ml.ResearchFixtures;
import dev.algotrader.ml.ResearchJobs;
import dev.algotrader.ml.ResearchJobs.TrainRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs end honestly against the real MLflow server: a training whose server is killed mid-run is
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
    void aTrainingWhoseServerDiesEndsFailedOnceTheServerIsBack() throws Exception {
        SparkSession spark = ResearchFixtures.spark();
        Path data = dir.resolve("data");
        ResearchFixtures.writeTables(spark, data, ResearchFixtures.Series.of(1400, 5, 7));
        AppConfig app =
                AppConfig.withOverrides(
                        "algotrader.data-root = \""
                                + data
                                + "\"\nalgotrader.events-file = \""
                                + data.resolve("events.jsonl")
                                + "\"\nalgotrader.reports-dir = \""
                                + data.resolve("reports")
                                + "\"\nalgotrader.research { horizon-bars = 5, validation {"
                                + " folds = 2, min-train-bars = 150, holdout-fraction = 0.25 } }\n");
        EventLog events = EventLog.at(data.resolve("events.jsonl"));
        TrackingStore real = Tracking.open(mlflow(data), null, Clock.systemUTC());
        // the server is killed when the first artifact is uploaded (after params and metrics)
        boolean[] killed = {false};
        TrackingStore killing =
                (TrackingStore)
                        Proxy.newProxyInstance(
                                TrackingStore.class.getClassLoader(),
                                new Class<?>[] {TrackingStore.class},
                                (p, m, args) -> {
                                    if (m.getName().startsWith("upload") && !killed[0]) {
                                        killed[0] = true;
                                        server.stop();
                                    }
                                    try {
                                        return m.invoke(real, args);
                                    } catch (InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
        TrainRequest req =
                TrainRequest.defaults()
                        .withModel("gbt")
                        .withParams(Map.of("maxIter", "4", "maxDepth", "3"));
        try {
            assertThatThrownBy(() -> ResearchJobs.train(spark, app, req, events, killing))
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
        assertThat(remembered.path("status").asText()).isEqualTo("FAILED");
        assertThat(remembered.path("server").asText()).isEqualTo(server.uri());
        assertThat(events.readAll().stream().map(e -> e.event()).toList()).contains("train.failed");

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
