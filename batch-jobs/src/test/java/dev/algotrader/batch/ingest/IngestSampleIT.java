package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.store.DeltaStore;
import dev.algotrader.batch.store.Exporter;
import dev.algotrader.batch.store.TableStatus;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

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
        assertThat(first.rowsRejected()).isZero();
        assertThat(first.rowsOut()).isEqualTo(9_399 + 580);
        long gaps = store.read(Table.BARS).filter("gap_before").count();
        assertThat(gaps).isEqualTo((Long) first.details().get("gaps")).isPositive();

        statusExportAndTimeTravel(store, first);

        List<Row> silverBefore = store.read(Table.BARS).orderBy("symbol", "ts").collectAsList();
        List<Row> rawBefore = store.read(Table.BARS_RAW).orderBy("symbol", "ts").collectAsList();
        clock.advanceMillis(3_600_000);
        JobSummary second = IngestJob.run(spark, cfg, req, clock, "t2");
        assertThat(second.rowsIn()).isEqualTo(first.rowsIn());
        assertThat(store.read(Table.BARS).orderBy("symbol", "ts").collectAsList())
                .isEqualTo(silverBefore);
        assertThat(store.read(Table.BARS_RAW).orderBy("symbol", "ts").collectAsList())
                .isEqualTo(rawBefore);
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

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("export");
        Exporter ex = new Exporter(store);
        java.nio.file.Path csv = dir.resolve("bars.csv");
        assertThat(ex.export(Table.BARS, -1, Exporter.Format.CSV, csv, true)).isEqualTo(9_979);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(9_980);
        assertThat(lines.get(0)).startsWith("symbol,interval,ts,bar_time,date,open");
        assertThat(lines.get(1)).startsWith("BTC/USD,1m," + SampleData.btcMinuteBars().get(0).ts());
        java.nio.file.Path json = dir.resolve("rejected-json");
        assertThat(ex.export(Table.BARS_RAW, 0, Exporter.Format.JSON, json, false))
                .isEqualTo(9_979);
        assertThat(
                        java.nio.file.Files.list(json)
                                .anyMatch(p -> p.getFileName().toString().endsWith(".json")))
                .isTrue();
        // time travel: version 0 of silver/bars is the first write
        assertThat(store.read(Table.BARS, 0).count()).isEqualTo(9_979);
    }
}
