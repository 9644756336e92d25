package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.store.DeltaStore;
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
    void sparkIngestOfRealTradesEqualsCoreAggregatorAndRerunChangesNothing() {
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
}
