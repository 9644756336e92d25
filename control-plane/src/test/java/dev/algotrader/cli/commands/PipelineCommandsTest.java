package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.cli.Main;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest → features → labels → status → export through the CLI, on 400 real BTC minute bars (one
 * local SparkSession for the class), plus their error paths.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineCommandsTest {

    @TempDir static Path tmp;
    static CliHarness cli;
    static Path barsCsv;

    @BeforeAll
    static void writeBars() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 400);
        barsCsv = tmp.resolve("btc-bars.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(barsCsv))) {
            w.println("ts,open,high,low,close,volume");
            for (Bar b : bars) {
                w.printf(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s,%s%n",
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume());
            }
        }
        // the clock sits one hour after the last bar, so ingest accepts them and ages are known
        Instant now = Instant.ofEpochMilli(bars.get(bars.size() - 1).ts()).plusSeconds(3600);
        cli = new CliHarness(tmp, "", Clock.fixed(now, ZoneOffset.UTC), Map.of());
    }

    @Test
    @Order(1)
    void ingestFeaturesLabels() {
        int code =
                cli.run(
                        "ingest",
                        "--source",
                        "csv-bars",
                        "--path",
                        barsCsv.toString(),
                        "--symbol",
                        "BTC/USD");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("ingest: 400 in, 400 out, 0 rejected");
        assertThat(cli.run("features")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("features: ");
        assertThat(cli.run("labels")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("labels: ");
        List<JsonNode> ev = cli.events();
        assertThat(cli.eventTypes())
                .containsExactly(
                        "job.start", "job.end", "job.start", "job.end", "job.start", "job.end");
        assertThat(ev.get(1).path("details").path("rows_out").asLong()).isEqualTo(400);
        assertThat(ev.get(1).path("run_id").asText()).startsWith("ingest-");
    }

    @Test
    @Order(2)
    void statusShowsTablesLatestBarAndAge() throws Exception {
        assertThat(cli.run("status")).as(cli.err()).isZero();
        assertThat(cli.out())
                .contains("silver/bars")
                .contains("BTC/USD")
                .contains("59m 0s")
                .contains("feature set: core_v1");
        assertThat(cli.run("status", "--json")).isZero();
        JsonNode s = new ObjectMapper().readTree(cli.out());
        JsonNode bars = null;
        for (JsonNode t : s.path("tables")) {
            if (t.path("table").asText().equals("silver/bars")) bars = t;
        }
        assertThat(bars.path("rows").asLong()).isEqualTo(400);
        assertThat(s.path("latest_bars").get(0).path("bars").asLong()).isEqualTo(400);
        assertThat(s.path("feature_sets").path("in_table").get(0).asText()).startsWith("core");
        // the resolved roots: the test's absolute paths, the rest under the home
        JsonNode roots = s.path("roots");
        assertThat(roots.path("data_root").asText()).isEqualTo(tmp.resolve("data").toString());
        assertThat(roots.path("events_file").asText()).isEqualTo(cli.eventsFile().toString());
        assertThat(roots.path("trader_state").asText())
                .isEqualTo(tmp.resolve("data/trader/state").toString());
        assertThat(roots.path("home").asText())
                .startsWith(System.getProperty("algotrader.home"))
                .endsWith("(from system property algotrader.home)");
    }

    @Test
    @Order(3)
    void exportWritesCsvAndJson() throws Exception {
        Path csv = tmp.resolve("out/bars.csv");
        assertThat(cli.run("export", "silver/bars", "--format", "csv", "--out", csv.toString()))
                .as(cli.err())
                .isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(401);
        assertThat(lines.get(0)).startsWith("symbol,interval,ts,");
        // time travel: version 0 of silver/bars is the first ingest
        Path v0 = tmp.resolve("out/bars-v0.csv");
        assertThat(cli.run("export", "silver/bars", "--delta-version", "0", "--out", v0.toString()))
                .as(cli.err())
                .isZero();
        assertThat(Files.readAllLines(v0)).hasSize(401);
        Path dir = tmp.resolve("out/all");
        assertThat(
                        cli.run(
                                "export",
                                "gold/labels",
                                "silver/features",
                                "trading/equity",
                                "--format",
                                "json",
                                "--out",
                                dir.toString(),
                                "--skip-missing"))
                .as(cli.err())
                .isZero();
        long labelRows =
                cli.events().stream()
                        .filter(e -> e.path("event").asText().equals("job.end"))
                        .filter(e -> e.path("run_id").asText().startsWith("labels-"))
                        .findFirst()
                        .orElseThrow()
                        .path("details")
                        .path("rows_out")
                        .asLong();
        // time-based horizon: only bars that have a bar exactly 4h later
        assertThat(labelRows).isBetween(1L, 399L);
        assertThat(Files.readAllLines(dir.resolve("gold_labels.json")))
                .hasSize((int) labelRows)
                .first()
                .asString()
                .contains("\"forward_log_return\"");
        assertThat(dir.resolve("silver_features.json")).exists();
        assertThat(cli.err()).contains("skipped: trading/equity does not exist yet");
    }

    @Test
    @Order(4)
    void errorsAreOneLine() {
        assertThat(cli.run("export", "silver/nope", "--out", tmp.resolve("x.csv").toString()))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).startsWith("error: unknown table 'silver/nope'");
        assertThat(cli.run("export", "trading/orders", "--out", tmp.resolve("o.csv").toString()))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("does not exist yet");
        assertThat(cli.run("export", "silver/bars", "--format", "xml", "--out", "x"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("use csv or json");
        assertThat(
                        cli.run(
                                "export",
                                "silver/bars",
                                "gold/labels",
                                "--delta-version",
                                "0",
                                "--out",
                                tmp.resolve("v").toString()))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err()).contains("--delta-version works with one table only");
        int code =
                cli.run(
                        "ingest",
                        "--source",
                        "csv-bars",
                        "--path",
                        tmp.resolve("missing.csv").toString());
        assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).doesNotContain("\tat ");
        assertThat(cli.eventTypes()).contains("job.failed", "command.failed");
    }

    @Test
    @Order(5)
    void badInputFilesAreOneLineAndTheDelimiterOptionWorks() throws Exception {
        Path noCsv = Files.createDirectories(tmp.resolve("no-csv"));
        Files.writeString(noCsv.resolve("bars.parquet"), "PAR1");
        assertThat(cli.run("ingest", "--path", noCsv.toString(), "--symbol", "BTC/USD"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .startsWith("error: input " + noCsv + " is a directory without .csv files")
                .contains("bars.parquet");

        Path binary = tmp.resolve("bars.bin.csv");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 16});
        assertThat(cli.run("ingest", "--path", binary.toString(), "--symbol", "BTC/USD"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .startsWith("error: " + binary + " does not look like a text CSV file")
                .doesNotContain("Input length");

        Path semi = tmp.resolve("semi/btc-bars.csv");
        Files.createDirectories(semi.getParent());
        Files.writeString(semi, Files.readString(barsCsv).replace(',', ';'));
        assertThat(cli.run("ingest", "--path", semi.toString(), "--symbol", "BTC/USD"))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(cli.err())
                .startsWith("error: " + semi + " looks semicolon-separated")
                .contains("rerun with --delimiter ';'")
                .doesNotContain("columns {");
        for (String e : List.of(cli.err())) assertThat(e.strip().lines()).hasSize(1);

        // as told: the directory of the semicolon file, with --delimiter; the same 400 bars again
        int code =
                cli.run(
                        "ingest",
                        "--path",
                        semi.getParent().toString(),
                        "--symbol",
                        "BTC/USD",
                        "--delimiter",
                        ";");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out())
                .startsWith("ingest: 400 in, 400 out, 0 rejected")
                .contains("updated=0");
    }

    @Test
    @Order(6)
    void refreshIngestsAndComputesTheNewFeaturesAndLabelsInOneRun() throws Exception {
        // the next 50 bars (they closed before the test's clock)
        List<Bar> next = SampleData.btcMinuteBars().subList(400, 450);
        Path csv = tmp.resolve("btc-next.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("ts,open,high,low,close,volume");
            for (Bar b : next) {
                w.printf(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%s,%s%n",
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume());
            }
        }
        int before = cli.events().size();
        int code =
                cli.run(
                        "refresh",
                        "--source",
                        "csv-bars",
                        "--path",
                        csv.toString(),
                        "--symbol",
                        "BTC/USD");
        assertThat(code).as(cli.err()).isZero();
        List<String> lines = cli.out().strip().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ingest: 50 in, 50 out, 0 rejected");
        // incremental: the engine continues from its saved state with the 50 new bars
        assertThat(lines.get(1)).startsWith("features: 50 in, 50 out").contains("mode=incremental");
        assertThat(lines.get(2)).startsWith("labels: ").contains("mode=incremental");
        List<JsonNode> ev = cli.events().subList(before, cli.events().size());
        List<String> seen =
                ev.stream()
                        .filter(e -> e.path("event").asText().startsWith("job."))
                        .map(e -> e.path("event").asText() + " " + e.path("run_id").asText())
                        .map(t -> t.substring(0, t.lastIndexOf('-')))
                        .toList();
        assertThat(seen)
                .containsExactly(
                        "job.start ingest",
                        "job.end ingest",
                        "job.start features",
                        "job.end features",
                        "job.start labels",
                        "job.end labels");
        // the same as the separate commands would have left: nothing more to do
        assertThat(cli.run("features")).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("features: 0 in, 0 out");
        // labels reread the bars of the last horizon, find no label to add and write nothing
        assertThat(cli.run("labels")).as(cli.err()).isZero();
        assertThat(cli.out()).contains(" 0 out, ").contains(labelsVersion(lines.get(2)));
    }

    private static String labelsVersion(String summary) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("gold/labels=\\d+").matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return m.group();
    }
}
