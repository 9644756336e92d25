package dev.algotrader.ml.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.registry.RegisteredVersion;
import dev.algotrader.ml.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store on files the real MLflow 2.17.2 server wrote (the texts below are copied byte
 * for byte from a {@code file:} store after REST calls: an 18-digit experiment id, a registered
 * model edited in MLflow with a nested {@code aliases:} block and a multi-line quoted description,
 * a version with a multi-line description). The round trip through the real server itself is {@code
 * SharedFileStoreIT}.
 */
class LocalMlflowStoreSharedFilesTest {

    static final String EXP_ID = "473167694392828596";
    static final String RUN_ID = "7549487abcaf4e56a7a8636413a13175";

    static final String EXPERIMENT_META =
            """
            artifact_location: mlflow-artifacts:/473167694392828596
            creation_time: 1796230389769
            experiment_id: '473167694392828596'
            last_update_time: 1796230389769
            lifecycle_stage: active
            name: mlflow-made
            """;

    static final String RUN_META =
            """
            artifact_uri: mlflow-artifacts:/473167694392828596/7549487abcaf4e56a7a8636413a13175/artifacts
            end_time: null
            entry_point_name: ''
            experiment_id: '473167694392828596'
            lifecycle_stage: active
            run_id: 7549487abcaf4e56a7a8636413a13175
            run_name: by-mlflow
            run_uuid: 7549487abcaf4e56a7a8636413a13175
            source_name: ''
            source_type: 4
            source_version: ''
            start_time: 0
            status: 1
            tags: []
            user_id: ''
            """;

    static final String MODEL_META =
            """
            aliases:
              staging: '1'
            creation_timestamp: 1796230389899
            description: "Line one: with colon\\n  indented line, 'quotes' and \\"dq\\"\\n\\nlast line
              ü"
            last_updated_timestamp: 1796230398382
            name: btc
            """;

    static final String VERSION_META =
            """
            aliases: []
            creation_timestamp: 1796230398255
            current_stage: None
            description: 'first

              second line'
            last_updated_timestamp: 1796230398255
            name: btc
            run_id: 7549487abcaf4e56a7a8636413a13175
            run_link: ''
            source: mlflow-artifacts:/473167694392828596/7549487abcaf4e56a7a8636413a13175/artifacts/model
            status: READY
            status_message: null
            storage_location: mlflow-artifacts:/473167694392828596/7549487abcaf4e56a7a8636413a13175/artifacts/model
            user_id: null
            version: 1
            """;

    static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir Path root;

    @BeforeEach
    void mlflowWroteTheseFiles() throws Exception {
        write(root.resolve(EXP_ID).resolve("meta.yaml"), EXPERIMENT_META);
        Path run = root.resolve(EXP_ID).resolve(RUN_ID);
        write(run.resolve("meta.yaml"), RUN_META);
        write(run.resolve("tags/mlflow.runName"), "by-mlflow");
        write(run.resolve("tags/team"), "q");
        Path model = root.resolve("models/btc");
        write(model.resolve("meta.yaml"), MODEL_META);
        write(model.resolve("tags/owner"), "quant desk");
        write(model.resolve("aliases/staging"), "1");
        write(model.resolve("version-1/meta.yaml"), VERSION_META);
    }

    @Test
    void eighteenDigitExperimentIdsAreFoundAndNewOnesLookLikeMlflows() {
        LocalMlflowStore store = new LocalMlflowStore(root, CLOCK);
        assertThat(store.experiment("mlflow-made")).isEqualTo(EXP_ID);
        String mine = store.experiment("algo-trader BTC/USD 1m");
        assertThat(mine).matches("[1-9]\\d{17}").isNotEqualTo(EXP_ID);
        assertThat(store.experiment("algo-trader BTC/USD 1m")).isEqualTo(mine);
        // MLflow's run is readable: status code and tags
        assertThat(store.runStatus(RUN_ID)).isEqualTo(TrackingStore.RunStatus.RUNNING);
        assertThat(store.runTags(RUN_ID)).containsEntry("team", "q");
        assertThat(store.artifactUri(RUN_ID)).startsWith("mlflow-artifacts:/" + EXP_ID);
    }

    @Test
    void registeringAndPromotingKeepsEveryFieldMlflowWrote() throws Exception {
        Path modelMeta = root.resolve("models/btc/meta.yaml");
        Files.setPosixFilePermissions(modelMeta, PosixFilePermissions.fromString("rw-rw-r--"));
        LocalMlflowStore store = new LocalMlflowStore(root, CLOCK);
        String exp = store.experiment("algo-trader BTC/USD 1m");
        String run = store.startRun(exp, "gbt", Map.of());
        Registry registry = new Registry(store, EventLog.at(root.resolve("events.jsonl")));
        var v = registry.register("btc", run, store.artifactUri(run) + "/model", Map.of());
        assertThat(v.version()).isEqualTo("2");
        registry.promote("btc", "2", "champion");
        store.endRun(run, TrackingStore.RunStatus.FINISHED);

        // the registered model's meta.yaml: only last_updated_timestamp changed, every other value
        // (nested aliases, the multi-line description) as MLflow wrote it
        Map<String, Object> expected = MlflowYaml.parse(MODEL_META, "MLflow's meta.yaml");
        expected.put("last_updated_timestamp", CLOCK.millis());
        assertThat(MlflowYaml.read(root.resolve("models/btc/meta.yaml"))).isEqualTo(expected);
        // MLflow's version and run are untouched
        assertThat(read(root.resolve("models/btc/version-1/meta.yaml"))).isEqualTo(VERSION_META);
        assertThat(read(root.resolve(EXP_ID).resolve(RUN_ID).resolve("meta.yaml")))
                .isEqualTo(RUN_META);
        assertThat(read(root.resolve("models/btc/tags/owner"))).isEqualTo("quant desk");
        // a rewritten file keeps its permissions; new ones are world-readable like MLflow's
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(modelMeta)))
                .isEqualTo("rw-rw-r--");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(
                                        root.resolve(exp).resolve(run).resolve("meta.yaml"))))
                .isEqualTo("rw-r--r--");
        assertThat(store.aliases("btc"))
                .containsEntry("staging", "1")
                .containsEntry("champion", "2");
        assertThat(store.modelVersions("btc"))
                .extracting(RegisteredVersion::version)
                .containsExactly("1", "2");
        assertThat(store.modelVersion("btc", "1").orElseThrow().aliases())
                .isEqualTo(List.of("staging"));
        // the description MLflow wrote reads back exactly
        Map<String, Object> meta = MlflowYaml.read(root.resolve("models/btc/meta.yaml"));
        assertThat(meta.get("description"))
                .isEqualTo(
                        "Line one: with colon\n  indented line, 'quotes' and \"dq\"\n\nlast line ü");
        assertThat(meta.get("aliases")).isEqualTo(Map.of("staging", "1"));
        // the project's own files are in MLflow's format: sorted keys, string ids, int status
        Map<String, Object> runMeta =
                MlflowYaml.read(root.resolve(exp).resolve(run).resolve("meta.yaml"));
        assertThat(runMeta.get("experiment_id")).isEqualTo(exp);
        assertThat(runMeta.get("status")).isEqualTo(3);
        assertThat(runMeta.get("end_time")).isEqualTo(CLOCK.millis());
        assertThat(List.copyOf(runMeta.keySet())).isSorted();
    }

    @Test
    void endingARunRewritesOnlyStatusAndEndTime() throws Exception {
        LocalMlflowStore store = new LocalMlflowStore(root, CLOCK);
        store.endRun(RUN_ID, TrackingStore.RunStatus.FAILED);
        assertThat(read(root.resolve(EXP_ID).resolve(RUN_ID).resolve("meta.yaml")))
                .isEqualTo(
                        RUN_META.replace("end_time: null", "end_time: " + CLOCK.millis())
                                .replace("status: 1", "status: 4"));
    }

    @Test
    void mlflowYamlDumpsLikePyYaml() {
        // the text MLflow's safe_dump wrote for the same values: quoting, multi-line single-quoted
        // strings, nulls, empty lists, string ids. (A long double-quoted string is folded at
        // another space than LibYAML folds it: the same value, another line break.)
        assertThat(MlflowYaml.dump(MlflowYaml.parse(VERSION_META, "version")))
                .isEqualTo(VERSION_META);
        assertThat(MlflowYaml.dump(MlflowYaml.parse(RUN_META, "run"))).isEqualTo(RUN_META);
        assertThat(MlflowYaml.dump(MlflowYaml.parse(EXPERIMENT_META, "experiment")))
                .isEqualTo(EXPERIMENT_META);
        Map<String, Object> model = MlflowYaml.parse(MODEL_META, "model");
        assertThat(MlflowYaml.parse(MlflowYaml.dump(model), "again")).isEqualTo(model);
    }

    private static void write(Path f, String text) throws Exception {
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static String read(Path f) throws Exception {
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
