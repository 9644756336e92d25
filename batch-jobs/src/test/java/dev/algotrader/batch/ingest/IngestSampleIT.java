package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.batch.store.Exporter;
import dev.algotrader.batch.store.TableStatus;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.core.labels.Labeler;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.Label;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The real sample data through ingest → features → labels, twice. */
class IngestSampleIT {

    @Test
    void sparkIngestOfRealTradesEqualsCoreAggregatorAndRerunChangesNothing() throws Exception {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        IngestRequest req = IngestRequest.sampleData(SampleData.dir(), "1m");

        JobSummary first = IngestJob.run(spark, cfg, req, clock, "t1");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());

        List<Bar> expected = SampleData.btcMinuteBars();
        assertThat(expected).hasSize(9_399);
        List<Row> btc =
                store.read(Table.BARS).filter("symbol = 'BTC/USD'").orderBy("ts").collectAsList();
        assertThat(btc).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Bar e = expected.get(i);
            Row r = btc.get(i);
            Bar got =
                    new Bar(
                            r.getAs("symbol"),
                            r.getAs("interval"),
                            r.getAs("ts"),
                            r.getAs("open"),
                            r.getAs("high"),
                            r.getAs("low"),
                            r.getAs("close"),
                            r.getAs("volume"));
            assertThat(got).as("bar %d", i).isEqualTo(e);
        }
        assertThat(store.read(Table.BARS).filter("symbol = 'ETH/USD' and interval = '5m'").count())
                .isEqualTo(580);
        // ETH first bar: endTime 1678730699999 → open 1678730400000
        assertThat(
                        store.read(Table.BARS)
                                .filter("symbol = 'ETH/USD'")
                                .orderBy("ts")
                                .first()
                                .<Long>getAs("ts"))
                .isEqualTo(1_678_730_400_000L);
        // the real data is clean: 100,000 trades + 580 bars in, nothing rejected
        assertThat(first.rowsIn()).isEqualTo(100_580);
        assertThat(first.rowsRejected())
                .as("no real bar breaks a plausibility rule: %s", first.details().get("reasons"))
                .isZero();
        assertThat(first.rowsOut()).isEqualTo(9_399 + 580);
        long gaps = store.read(Table.BARS).filter("gap_before").count();
        assertThat(gaps).isEqualTo((Long) first.details().get("gaps")).isPositive();

        statusExportAndTimeTravel(store, first);

        FeaturesJob.run(spark, cfg, false, "f1");
        JobSummary labels = LabelsJob.run(spark, cfg, "l1");
        labelsEqualTheCoreLabeler(store, cfg, labels);

        // idempotency: ingest → features → labels again leaves every table as it was
        Map<Table, List<Row>> before = new LinkedHashMap<>();
        for (Table t : PIPELINE) before.put(t, sorted(store, t));
        clock.advanceMillis(3_600_000);
        JobSummary second = IngestJob.run(spark, cfg, req, clock, "t2");
        assertThat(second.rowsIn()).isEqualTo(first.rowsIn());
        assertThat(second.rowsOut()).isEqualTo(first.rowsOut());
        assertThat(second.rowsRejected()).isZero();
        assertThat(second.details())
                .as("an identical re-ingest replaces no bar")
                .containsEntry("updated", 0L)
                .containsEntry("corrections", 0L);
        JobSummary f2 = FeaturesJob.run(spark, cfg, false, "f2");
        assertThat(f2.rowsIn()).as("no new bars, nothing to compute").isZero();
        LabelsJob.run(spark, cfg, "l2");
        for (Table t : PIPELINE) {
            assertThat(sorted(store, t))
                    .as("%s after the re-run", t.path())
                    .isEqualTo(before.get(t));
        }
    }

    private static void statusExportAndTimeTravel(DeltaStore store, JobSummary first)
            throws Exception {
        TableStatus status = TableStatus.of(store);
        TableStatus.TableInfo bars =
                status.tables().stream()
                        .filter(t -> t.table().equals("silver/bars"))
                        .findFirst()
                        .orElseThrow();
        assertThat(bars.exists()).isTrue();
        assertThat(bars.rows()).isEqualTo(9_399 + 580);
        assertThat(bars.version()).isEqualTo((Long) first.details().get("silver/bars"));
        assertThat(
                        status.tables().stream()
                                .filter(t -> t.table().equals("gold/labels"))
                                .findFirst()
                                .orElseThrow()
                                .exists())
                .isFalse();
        assertThat(status.latestBars())
                .extracting(
                        TableStatus.LatestBar::symbol,
                        TableStatus.LatestBar::ts,
                        TableStatus.LatestBar::bars)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "BTC/USD", SampleData.btcMinuteBars().get(9_398).ts(), 9_399L),
                        org.assertj.core.groups.Tuple.tuple(
                                "ETH/USD", 1_678_904_400_000L - 300_000L, 580L));
        assertThat(String.join("\n", status.lines())).contains("silver/bars").contains("BTC/USD");
        assertThat(status.bronzeNotInSilver()).isZero();
        long t0 = System.nanoTime();
        long missing = TableStatus.bronzeNotInSilver(store);
        System.out.printf(
                "bronze-not-in-silver anti-join on %,d bronze rows: %d ms%n",
                9_979, (System.nanoTime() - t0) / 1_000_000);
        assertThat(missing).isZero();

        java.nio.file.Path dir = dev.algotrader.fixtures.TempDirs.create("export");
        Exporter ex = new Exporter(new dev.algotrader.lake.LakeReader(store.root()));
        java.nio.file.Path csv = dir.resolve("bars.csv");
        assertThat(ex.export(Table.BARS, -1, Exporter.Format.CSV, csv)).isEqualTo(9_979);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(9_980);
        assertThat(lines.get(0)).startsWith("symbol,interval,ts,bar_time,date,open");
        assertThat(lines.get(1)).startsWith("BTC/USD,1m," + SampleData.btcMinuteBars().get(0).ts());
        java.nio.file.Path json = dir.resolve("bars_raw.json");
        assertThat(ex.export(Table.BARS_RAW, 0, Exporter.Format.JSON, json)).isEqualTo(9_979);
        assertThat(java.nio.file.Files.readAllLines(json)).hasSize(9_979);
        // time travel: version 0 of silver/bars is the first write
        assertThat(store.read(Table.BARS, 0).count()).isEqualTo(9_979);
    }

    static final List<Table> PIPELINE =
            List.of(Table.BARS_RAW, Table.BARS_REJECTED, Table.BARS, Table.FEATURES, Table.LABELS);

    private static List<Row> sorted(DeltaStore store, Table t) {
        Dataset<Row> df = store.read(t);
        String[] key = t.key().toArray(new String[0]);
        return df.orderBy(key[0], java.util.Arrays.copyOfRange(key, 1, key.length)).collectAsList();
    }

    private static void labelsEqualTheCoreLabeler(DeltaStore store, AppConfig cfg, JobSummary s) {
        List<Bar> btc = SampleData.btcMinuteBars();
        Labeler labeler =
                Labeler.of(
                        cfg.area("labels").getDuration("horizon"),
                        BarInterval.parse("1m"),
                        cfg.area("labels").getDouble("dead-band"));
        assertThat(labeler.horizonBars()).isEqualTo(240);
        List<Label> expected = labeler.label(btc);
        List<Row> got =
                store.read(Table.LABELS).filter("symbol = 'BTC/USD'").orderBy("ts").collectAsList();
        assertThat(got).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Label e = expected.get(i);
            Row r = got.get(i);
            assertThat(r.<Long>getAs("ts")).isEqualTo(e.ts());
            assertThat(r.<Integer>getAs("horizon")).isEqualTo(240);
            assertThat(r.<Double>getAs("forward_log_return")).isEqualTo(e.forwardLogReturn());
            assertThat(r.<String>getAs("direction")).isEqualTo(e.direction().name());
            assertThat(r.<Integer>getAs("label")).isEqualTo(e.direction().ordinal());
        }
        // ETH 5m bars: 4h = 48 bars
        assertThat(
                        store.read(Table.LABELS)
                                .filter("symbol = 'ETH/USD'")
                                .select("horizon")
                                .distinct()
                                .collectAsList())
                .extracting(r -> r.getInt(0))
                .containsExactly(48);
        assertThat(s.rowsIn()).isEqualTo(9_979);
        assertThat(s.rowsOut()).isEqualTo(store.read(Table.LABELS).count());
    }
}
