package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.data.TradeAggregator;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TempDirs;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A trade file split into consecutive files, each ingested on its own (features and labels run
 * after each, as a daily schedule would), ends with the same {@code silver/bars}, {@code
 * silver/features} and {@code gold/labels} as the one file, bit for bit, although the cuts fall
 * inside minutes.
 */
class SplitTradeFilesIT {

    /** Trades of the real sample used: ~2,000 one-minute bars, enough for warm-up and labels. */
    private static final int TRADES = 20_000;

    @Test
    void twoConsecutiveFilesCutInsideAMinuteEqualOneFile() throws Exception {
        List<String> lines = sampleLines();
        int cut = insideMinute(lines, TRADES / 2);
        Map<Table, List<Row>> whole = pipeline(List.of(lines), true);
        List<List<String>> parts = List.of(lines.subList(0, cut), lines.subList(cut, TRADES));
        Map<Table, List<Row>> split = pipeline(parts, true);
        for (Table t : TABLES) sameRows(split.get(t), whole.get(t), t.path() + " of two files");
    }

    @Test
    void aMinuteSplitOverTwoFilesIsOneBarFromBothParts() throws Exception {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path dir = TempDirs.create("split-tiny");
        Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv");
        Files.write(a, List.of("timestamp,price,amount", "1385337600,800,1", "1385337661,810,0.5"));
        Files.write(
                b, List.of("timestamp,price,amount", "1385337662,790,0.25", "1385337725,805,1"));
        IngestJob.run(spark, cfg, request(a), clock, "a");
        clock.advanceMillis(60_000);
        IngestJob.run(spark, cfg, request(b), clock, "b");
        Row raw = store.read(Table.BARS_RAW).filter("ts = 1385337660000").first();
        assertThat(raw.<Double>getAs("volume")).isEqualTo(0.75);
        List<Row> bars = store.read(Table.BARS).orderBy("ts").collectAsList();
        assertThat(bars).hasSize(3);
        Row m = bars.get(1);
        assertThat(m.<Double>getAs("open")).isEqualTo(810.0);
        assertThat(m.<Double>getAs("low")).isEqualTo(790.0);
        assertThat(m.<Double>getAs("close")).isEqualTo(790.0);
        assertThat(m.<Double>getAs("volume")).isEqualTo(0.75);
        assertThat(m.<Boolean>getAs("complete")).isTrue();
        assertThat(bars.get(2).<Boolean>getAs("complete")).isFalse();
    }

    /** 2–5 consecutive files at random cuts (seeded), each equal to the one file. */
    @Tag("slow")
    @Test
    void anySplitIntoTwoToFiveFilesEqualsOneFile() throws Exception {
        List<String> lines = sampleLines();
        Map<Table, List<Row>> whole = pipeline(List.of(lines), false);
        Random rnd = new Random(16);
        for (int files = 2; files <= 5; files++) {
            TreeSet<Integer> cuts = new TreeSet<>();
            while (cuts.size() < files - 1) {
                int at = 1 + rnd.nextInt(TRADES - 1);
                // half the cuts inside a minute, half anywhere
                cuts.add(rnd.nextBoolean() ? insideMinute(lines, at) : at);
            }
            List<List<String>> parts = new ArrayList<>();
            int from = 0;
            for (int c : cuts) {
                parts.add(lines.subList(from, c));
                from = c;
            }
            parts.add(lines.subList(from, TRADES));
            Map<Table, List<Row>> split = pipeline(parts, false);
            for (Table t : TABLES) {
                sameRows(
                        split.get(t),
                        whole.get(t),
                        t.path() + " of " + files + " files cut at " + cuts);
            }
        }
    }

    /** Equal row lists; on a difference names the first differing row of each side. */
    private static void sameRows(List<Row> got, List<Row> expected, String what) {
        int n = Math.min(got.size(), expected.size());
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i).toString())
                    .as("%s: row %d", what, i)
                    .isEqualTo(expected.get(i).toString());
            assertThat(got.get(i)).as("%s: row %d", what, i).isEqualTo(expected.get(i));
        }
        assertThat(got.size()).as("%s: rows", what).isEqualTo(expected.size());
    }

    private static final List<Table> TABLES = List.of(Table.BARS, Table.FEATURES, Table.LABELS);

    /**
     * Ingests each part as its own file and run (features and labels after each) into a fresh data
     * root; returns the final tables sorted by key. With {@code checkOpen}, checks after each part
     * that its last minute is stored open and has no features or labels.
     */
    private static Map<Table, List<Row>> pipeline(List<List<String>> parts, boolean checkOpen)
            throws IOException {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path dir = TempDirs.create("split-trades");
        for (int i = 0; i < parts.size(); i++) {
            Path f = dir.resolve(String.format("trades-%02d.csv", i));
            List<String> content = new ArrayList<>();
            content.add("timestamp,price,amount");
            content.addAll(parts.get(i));
            Files.write(f, content);
            IngestJob.run(spark, cfg, request(f), clock, "split-" + i);
            FeaturesJob.run(spark, cfg, false, "f-" + i);
            LabelsJob.run(spark, cfg, "l-" + i);
            if (checkOpen) {
                List<String> part = parts.get(i);
                long last = minute(part.get(part.size() - 1));
                Row bar = store.read(Table.BARS).filter("ts = " + last).select("complete").first();
                assertThat(bar.getBoolean(0))
                        .as("the minute a file ends in is stored open")
                        .isFalse();
                assertThat(store.read(Table.FEATURES).filter("ts >= " + last).count()).isZero();
                assertThat(store.read(Table.LABELS).filter("ts >= " + last).count()).isZero();
            }
            clock.advanceMillis(3_600_000);
        }
        Map<Table, List<Row>> out = new java.util.LinkedHashMap<>();
        for (Table t : TABLES) {
            String[] key = t.key().toArray(new String[0]);
            out.put(
                    t,
                    store.read(t)
                            .orderBy(key[0], Arrays.copyOfRange(key, 1, key.length))
                            .collectAsList());
        }
        return out;
    }

    private static IngestRequest request(Path file) {
        return new IngestRequest(
                List.of(
                        new SourceSpec(
                                "bitstamp-daily",
                                SourceSpec.Type.CSV_TRADES,
                                List.of(file),
                                "BTC/USD",
                                "1m",
                                CsvFormat.TimeUnitKind.S,
                                true,
                                ',',
                                Map.of(),
                                Map.of(),
                                false)),
                false);
    }

    private static List<String> sampleLines() throws IOException {
        List<String> all = Files.readAllLines(SampleData.btcTradesCsv());
        return List.copyOf(all.subList(1, 1 + TRADES));
    }

    /** The first index at or after {@code from} whose trade shares its minute with the previous. */
    private static int insideMinute(List<String> lines, int from) {
        for (int i = Math.max(1, from); i < lines.size(); i++) {
            if (minute(lines.get(i)) == minute(lines.get(i - 1))) return i;
        }
        throw new IllegalStateException("no minute with two trades after " + from);
    }

    private static long minute(String line) {
        long sec = Long.parseLong(line.substring(0, line.indexOf(',')));
        return TradeAggregator.barStart(sec * 1000, 60_000);
    }
}
