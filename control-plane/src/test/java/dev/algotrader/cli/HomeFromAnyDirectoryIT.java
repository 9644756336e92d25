package dev.algotrader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.batch.SparkSessions;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/algo-trader} run from the checkout, from {@code /} and from a temporary directory that
 * is deleted afterwards, each with its own {@code ALGOTRADER_HOME}: the same tables (row counts and
 * Delta versions) and the audit log under the home every time, and nothing written to the working
 * directory. The input is a named source whose relative path resolves under the home.
 */
class HomeFromAnyDirectoryIT {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent();
    static final List<Table> TABLES = List.of(Table.BARS_RAW, Table.BARS_REJECTED, Table.BARS);

    @TempDir Path tmp;

    /**
     * Runs the launcher with {@code home} as ALGOTRADER_HOME in {@code cwd}; returns stdout+err.
     */
    static String cli(Path home, Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/algo-trader").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        for (String k :
                List.of(
                        "ALGOTRADER_DATA_ROOT",
                        "ALGOTRADER_EVENTS_FILE",
                        "ALGOTRADER_MLRUNS",
                        "ALGOTRADER_CONF_DIR",
                        "ALGOTRADER_SAMPLE_DATA",
                        "MLFLOW_TRACKING_URI")) {
            env.remove(k);
        }
        env.put("ALGOTRADER_HOME", home.toString());
        env.put("ALGOTRADER_JAVA_OPTS", "-Xmx1g");
        Path log = Files.createTempFile(home, "cli-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES))
                .as("algo-trader %s timed out", args[0])
                .isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("algo-trader %s in %s: %s", String.join(" ", args), cwd, out)
                .isZero();
        return out;
    }

    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A home with the ETH sample as {@code input/eth.json} and a config naming it relatively. */
    static Path home(Path dir) throws IOException {
        Path eth = ROOT.resolve("target/sample-data/ETH-USD-PT5M-2023-3-13_2023-3-15.json");
        assertThat(eth).as("the build unpacks the sample data: run 'make build'").isRegularFile();
        Files.createDirectories(dir.resolve("input"));
        Files.copy(eth, dir.resolve("input/eth.json"));
        Files.writeString(
                dir.resolve("site.conf"),
                "algotrader.ingest.sources.eth { type = ta4j-json, paths = [\"input/eth.json\"] }\n");
        return dir;
    }

    @Test
    void ingestFromAnyWorkingDirectoryWritesTheSameTablesUnderTheHome() throws Exception {
        assertThat(ROOT.resolve("control-plane/target/control-plane.jar"))
                .as("run 'make build' first")
                .isRegularFile();
        Path deleted = Files.createTempDirectory("algo-trader-cwd");
        Map<String, Path> cwds = new LinkedHashMap<>();
        cwds.put("checkout", ROOT);
        cwds.put("root", Path.of("/"));
        cwds.put("deleted-temp", deleted);
        Map<String, String> summaries = new LinkedHashMap<>();
        Map<String, Map<String, List<Long>>> tables = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> c : cwds.entrySet()) {
                Path home = home(tmp.resolve(c.getKey()));
                Set<String> before = names(c.getValue());
                String out =
                        cli(
                                home,
                                c.getValue(),
                                "ingest",
                                "--source",
                                "eth",
                                "--config",
                                home.resolve("site.conf").toString());
                String line =
                        out.lines().filter(l -> l.startsWith("ingest: ")).findFirst().orElseThrow();
                summaries.put(c.getKey(), line);
                assertThat(names(c.getValue()))
                        .as("nothing written to the working directory %s", c.getValue())
                        .isEqualTo(before);
                Path events = home.resolve("data/events.jsonl");
                assertThat(Files.readString(events)).contains("\"job.end\"");
                tables.put(c.getKey(), counts(home.resolve("data")));
            }
            // the temporary working directory goes away; the home stays readable from anywhere
            Files.delete(deleted);
            String status = cli(tmp.resolve("deleted-temp"), Path.of("/"), "status", "--json");
            JsonNode roots =
                    new ObjectMapper()
                            .readTree(status.substring(status.indexOf('{')))
                            .path("roots");
            Path home = tmp.resolve("deleted-temp");
            assertThat(roots.path("home").asText()).startsWith(home + " (from ALGOTRADER_HOME)");
            for (String k :
                    List.of(
                            "data_root",
                            "events_file",
                            "mlflow_store",
                            "reports",
                            "trader_inbox",
                            "trader_out",
                            "trader_state",
                            "trader_control",
                            "trader_cluster")) {
                assertThat(Path.of(roots.path(k).asText()).startsWith(home)).as(k).isTrue();
            }
        } finally {
            dev.algotrader.fixtures.TempDirs.deleteTree(deleted);
        }
        System.out.println("home from any directory: " + summaries + " tables " + tables);
        assertThat(summaries.values().stream().map(l -> l.replaceAll("\\{.*", "")).distinct())
                .as("the same ingest from every directory")
                .hasSize(1);
        assertThat(tables.values().stream().distinct()).as("rows and versions").hasSize(1);
        assertThat(tables.get("root").get(Table.BARS.path()).get(0)).isPositive();
    }

    /** Per table: rows and Delta version. */
    static Map<String, List<Long>> counts(Path dataRoot) {
        DeltaStore store =
                new DeltaStore(SparkSessions.getOrCreate(AppConfig.defaults()), dataRoot);
        Map<String, List<Long>> m = new LinkedHashMap<>();
        for (Table t : TABLES) {
            m.put(
                    t.path(),
                    store.exists(t) ? List.of(store.read(t).count(), store.version(t)) : List.of());
        }
        return m;
    }
}
