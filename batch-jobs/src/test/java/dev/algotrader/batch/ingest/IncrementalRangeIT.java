package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TempDirs;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Ingest, features and labels read and write only the key range new bars affect. Bars ingested in
 * pieces — appended, backfilled into a hole wider than the neighbour search, prepended, re-sent
 * with an overlap — each followed by incremental features and labels, end with the same {@code
 * silver/bars} (gap flags included), {@code silver/features} and {@code gold/labels} as one ingest
 * of all bars with full runs, bit for bit.
 */
class IncrementalRangeIT {

    @Test
    void barsIngestedInPiecesGiveTheTablesOfOneIngestAndFullRuns() throws Exception {
        List<Bar> btc = SampleData.btcMinuteBars();
        int n = btc.size();
        List<List<Bar>> pieces =
                List.of(
                        concat(btc.subList(300, 1000), btc.subList(2600, 5000)),
                        btc.subList(5000, 7000), // appended: neighbour within a day
                        // prepended (nothing before) and backfilled (next bar over a day away)
                        concat(btc.subList(0, 100), btc.subList(1000, 1100)),
                        concat(btc.subList(100, 300), btc.subList(1100, 2600)), // the holes
                        btc.subList(6500, n)); // overlap re-sent identical, then new bars

        Map<Table, List<Row>> split = pipeline(pieces, false);
        Map<Table, List<Row>> whole = pipeline(List.of(btc), true);
        for (Table t : List.of(Table.BARS, Table.FEATURES, Table.LABELS)) {
            List<Row> got = split.get(t), expected = whole.get(t);
            assertThat(got.size()).as("%s rows", t.path()).isEqualTo(expected.size());
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).as("%s row %d", t.path(), i).isEqualTo(expected.get(i));
            }
        }
    }

    /**
     * A second series that first appears after the first series has saved states, then both grow:
     * the new series is computed in full and the unchanged one is not read again, and the tables
     * equal one ingest with full runs. The piece i goes to {@code symbols.get(i)}.
     */
    @Test
    void aSeriesThatAppearsLaterIsComputedInFullBesideTheContinuedOne() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 3000);
        List<List<Bar>> pieces =
                List.of(
                        bars.subList(0, 1500),
                        bars.subList(0, 1000),
                        bars.subList(1500, 3000),
                        bars.subList(1000, 3000));
        List<String> symbols = List.of("BTC/USD", "ETH/USD", "BTC/USD", "ETH/USD");
        Map<Table, List<Row>> split = pipeline(pieces, symbols, false);
        Map<Table, List<Row>> whole =
                pipeline(List.of(bars, bars), List.of("BTC/USD", "ETH/USD"), true);
        for (Table t : List.of(Table.BARS, Table.FEATURES, Table.LABELS)) {
            List<Row> got = split.get(t), expected = whole.get(t);
            assertThat(got.size()).as("%s rows", t.path()).isEqualTo(expected.size());
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).as("%s row %d", t.path(), i).isEqualTo(expected.get(i));
            }
        }
    }

    private static Map<Table, List<Row>> pipeline(List<List<Bar>> pieces, boolean full)
            throws IOException {
        return pipeline(pieces, pieces.stream().map(p -> "BTC/USD").toList(), full);
    }

    /** The sample's BTC bars go to ETH/USD too: its earliest plausible date moves back. */
    private static final String ETH_FROM_SAMPLE =
            "algotrader.ingest.plausibility.symbols.\"ETH/USD\".earliest = \"2009-01-03T00:00:00Z\"";

    private static Map<Table, List<Row>> pipeline(
            List<List<Bar>> pieces, List<String> symbols, boolean full) throws IOException {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config(symbols.contains("ETH/USD") ? ETH_FROM_SAMPLE : "");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path dir = TempDirs.create("incremental-range");
        for (int i = 0; i < pieces.size(); i++) {
            Path f = dir.resolve(String.format(Locale.ROOT, "bars-%02d.csv", i));
            List<String> lines = new ArrayList<>();
            lines.add("ts,open,high,low,close,volume");
            for (Bar b : pieces.get(i)) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "%d,%s,%s,%s,%s,%s",
                                b.ts(),
                                b.open(),
                                b.high(),
                                b.low(),
                                b.close(),
                                b.volume()));
            }
            Files.write(f, lines);
            IngestRequest req =
                    new IngestRequest(
                            List.of(
                                    SourceSpec.files(
                                            "file:" + f.getFileName(),
                                            SourceSpec.Type.CSV_BARS,
                                            List.of(f),
                                            symbols.get(i),
                                            "1m")));
            IngestJob.run(spark, cfg, req, clock, "r-" + i);
            JobSummary fs = FeaturesJob.run(spark, cfg, full, "f-" + i);
            JobSummary ls = LabelsJob.run(spark, cfg, full, "l-" + i);
            if (!full && i == 1 && symbols.get(i).equals("ETH/USD")) {
                assertThat(fs.rowsIn()).as("only the new series is computed").isEqualTo(1000);
                assertThat(fs.details().get("symbols_continued")).isEqualTo(1);
            } else if (!full && i == 1) {
                assertThat(fs.rowsIn()).as("an appended piece feeds only its bars").isEqualTo(2000);
                assertThat(fs.details().get("symbols_continued")).isEqualTo(1);
                assertThat(ls.details().get("series_continued")).isEqualTo(1);
            }
            clock.advanceMillis(3_600_000);
        }
        Map<Table, List<Row>> out = new LinkedHashMap<>();
        for (Table t : List.of(Table.BARS, Table.FEATURES, Table.LABELS)) {
            String[] key = t.key().toArray(new String[0]);
            out.put(
                    t,
                    store.read(t)
                            .drop("source")
                            .orderBy(key[0], Arrays.copyOfRange(key, 1, key.length))
                            .collectAsList());
        }
        return out;
    }

    private static List<Bar> concat(List<Bar> a, List<Bar> b) {
        List<Bar> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
