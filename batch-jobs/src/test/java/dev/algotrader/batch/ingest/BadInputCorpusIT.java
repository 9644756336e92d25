package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: every kind of broken record ends in bronze/bars_rejected with its reason,
 * good records around it are kept, nothing crashes and records in = accepted + rejected.
 */
class BadInputCorpusIT {

    @TempDir Path dir;

    /** raw line → expected reason fragment. */
    private static final Map<String, String> BAD = new HashMap<>();

    private static String bad(String line, String reason) {
        BAD.put(line, reason);
        return line;
    }

    @Test
    void everyKindOfBadInputIsQuarantinedWithItsReason() throws Exception {
        String bars =
                String.join(
                        "\n",
                        "ts,symbol,open,high,low,close,volume",
                        "2024-01-01T00:00:00Z,BTC/USD,100,101,99,100.5,10",
                        "2024-01-01T00:01:00Z,BTC/USD,100.5,102,100,101,12",
                        bad("2024-01-01T00:02:00Z,\"BTC/USD,100,101,99,100.5,10", "malformed line"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,100,101", "wrong column count"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,abc,101,99,100,1", "non-numeric open"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,NaN,101,99,100,1", "non-finite open"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,-100,101,99,100,1", "non-positive open"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,100,101,99,100,-5", "negative volume"),
                        bad("2024-01-01T00:02:00Z,BTC/USD,100,99,101,100,1", "high < low"),
                        bad("2024-01-01T00:01:00Z,BTC/USD,100.5,102,100,101,13", "duplicate bar"),
                        "2024-01-01T00:03:00Z,BTC/USD,101,103,100,102,9",
                        bad("2024-01-01T00:02:00Z,BTC/USD,101,102,100,101,8", "out-of-order"),
                        bad(
                                "2030-01-01T00:00:00Z,BTC/USD,101,102,100,101,8",
                                "timestamp in the future"),
                        bad("2024-01-01T00:05:00Z,DOGE/USD,1,1,1,1,1", "unknown symbol"),
                        bad(
                                "2024-01-01T00:06:00,BTC/USD,101,102,100,101,8",
                                "timestamp without time zone"),
                        bad(
                                "2024-01-01T00:06:00 EST,BTC/USD,101,102,100,101,8",
                                "bad time zone marker"),
                        bad(
                                "2024-01-01T00:06:00+25:00,BTC/USD,101,102,100,101,8",
                                "bad time zone marker"),
                        bad("yesterday,BTC/USD,101,102,100,101,8", "bad timestamp"),
                        bad("", "blank line"),
                        bad("2024-01-01T00:07:30Z,BTC/USD,101,102,100,101,8", "not aligned"),
                        bad(
                                "2024-01-01T00:07:00Z,BTC/USD,101,102,100,1e12,8",
                                "close above cap: 1.0E12 > algotrader.ingest.max-price"),
                        bad("2024-01-01T00:07:00Z,BTC/USD,101,102,100,105,8", "open/close outside"),
                        "2024-01-01T01:08:00+01:00,BTC/USD,101,102,100,101,8",
                        // truncated file: the last line is cut short
                        bad("2024-01-01T00:09:00Z,BTC/USD,101,10", "wrong column count"));
        Path barsCsv = dir.resolve("bars.csv");
        Files.writeString(barsCsv, bars);
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        Path headerOnly = dir.resolve("header-only.csv");
        Files.writeString(headerOnly, "timestamp,price,amount\n");
        Path trades = dir.resolve("trades.csv");
        Files.writeString(
                trades,
                String.join(
                                "\n",
                                "timestamp,price,amount",
                                "1704153600,100,1",
                                "1704153630,101,2",
                                "1704153660,102,1",
                                bad("1704153650,99,1", "out-of-order: trade"),
                                "1704153690,103,1",
                                bad("1704153700,-3,1", "non-positive price"),
                                bad("1704153700,103,-1", "negative amount"))
                        + "\n");
        Path json = dir.resolve("ETH-USD-PT5M-truncated.json");
        Files.writeString(
                json,
                "{\n  \"name\": \"ETH/USD_PT5M@BinanceUS\",\n  \"ohlc\": [\n"
                        + "    {\"endTime\": 1678730699999, \"openPrice\": 1673.58, \"highPrice\": 1677.62, \"lowPrice\": 1672.44, \"closePrice\": 1672.99, \"volume\": 65.3, \"amount\": 0.0},\n"
                        + "    {\"endTime\": 1678730999999, \"openPrice\": \"x\", \"highPrice\": 1673.04, \"lowPrice\": 1665.4, \"closePrice\": 1670.41, \"volume\": 147.3, \"amount\": 0.0},\n"
                        + "    {\"endTime\": 1678731299999, \"openPrice\": 1669.44, \"highPrice\": 1677.11, \"lowPr");

        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        IngestRequest req =
                new IngestRequest(
                        List.of(
                                SourceSpec.files(
                                        "corpus-bars",
                                        SourceSpec.Type.CSV_BARS,
                                        List.of(barsCsv),
                                        null,
                                        "1m"),
                                SourceSpec.files(
                                        "corpus-empty",
                                        SourceSpec.Type.CSV,
                                        List.of(empty, headerOnly),
                                        "BTC/USD",
                                        "1m"),
                                SourceSpec.files(
                                        "corpus-trades",
                                        SourceSpec.Type.CSV_TRADES,
                                        List.of(trades),
                                        "BTC/USD",
                                        "1m"),
                                SourceSpec.files(
                                        "corpus-json",
                                        SourceSpec.Type.TA4J_JSON,
                                        List.of(json),
                                        null,
                                        null)));

        JobSummary s = IngestJob.run(spark, cfg, req, clock, "corpus");

        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        List<Row> rejected = store.read(Table.BARS_REJECTED).collectAsList();
        Map<String, String> reasonByRaw = new HashMap<>();
        Map<String, String> fileLevel = new HashMap<>();
        for (Row r : rejected) {
            if (r.<Long>getAs("line") == 0L)
                fileLevel.put(r.getAs("source_file"), r.getAs("reason"));
            else if (r.getAs("raw") != null) reasonByRaw.put(r.getAs("raw"), r.getAs("reason"));
        }
        for (var e : BAD.entrySet()) {
            assertThat(reasonByRaw).as("rejected: %s", e.getKey()).containsKey(e.getKey());
            assertThat(reasonByRaw.get(e.getKey()))
                    .as("reason of %s", e.getKey())
                    .contains(e.getValue());
        }
        assertThat(fileLevel.get(empty.toAbsolutePath().normalize().toString()))
                .as("file-level rejects %s", fileLevel)
                .isEqualTo("empty file");
        assertThat(fileLevel.get(headerOnly.toAbsolutePath().normalize().toString()))
                .startsWith("empty file: header but no data rows");
        assertThat(rejected.stream().map(r -> r.<String>getAs("reason")))
                .anyMatch(r -> r.startsWith("truncated or malformed JSON after 2 complete bars"))
                .anyMatch(r -> r.equals("non-numeric price or volume"));

        // good rows survive: 4 bars from the CSV, 2 trade bars (next day 00:00 and 00:01), 1 ETH
        // bar
        List<Row> silver = store.read(Table.BARS).orderBy("symbol", "ts").collectAsList();
        assertThat(silver).hasSize(4 + 2 + 1);
        assertThat(
                        store.read(Table.BARS)
                                .filter("symbol = 'BTC/USD' and ts = 1704153660000")
                                .first()
                                .<Double>getAs("close"))
                .as("trade bar 00:01 keeps its in-order trades only")
                .isEqualTo(103.0);

        // accounting: 24 CSV bar records + 2 empty files + 7 trades + 2 JSON bars + 1 JSON tail
        long records = 24 + 2 + 7 + 2 + 1;
        assertThat(s.rowsIn()).isEqualTo(records);
        long rejectedRecords = BAD.size() + 2 + 2;
        assertThat(s.rowsRejected()).isEqualTo(rejectedRecords);
        assertThat((Long) s.details().get("records_accepted")).isEqualTo(records - rejectedRecords);
        assertThat(s.rowsOut()).isEqualTo(4 + 2 + 1);
        assertThat(s.line()).contains("rejected");
    }

    @Test
    void userMistakesAreOneClearLine() {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(
                        () ->
                                IngestJob.run(
                                        spark,
                                        cfg,
                                        IngestRequest.resolve(
                                                cfg,
                                                null,
                                                List.of(dir.resolve("missing.csv")),
                                                null,
                                                "BTC/USD"),
                                        clock))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> IngestRequest.resolve(cfg, "nope", List.of(), null, null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown source 'nope'");
        assertThatThrownBy(() -> IngestRequest.resolve(cfg, null, List.of(), dir, null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("sample data not found");
    }
}
