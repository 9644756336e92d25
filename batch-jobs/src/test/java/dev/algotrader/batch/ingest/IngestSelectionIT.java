package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** {@code ingest --symbols/--from/--to} (the market_data_daily params) on the real sample data. */
class IngestSelectionIT {

    @Test
    void onlyTheSelectedSymbolAndWindowReachSilverAndTheRestIsCounted() throws Exception {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        IngestRequest req = IngestRequest.sampleData(SampleData.dir(), "1m");
        IngestSelection sel =
                IngestSelection.of(List.of("BTC/USD"), "2013-11-26", "2013-11-27T12:00:00Z");

        JobSummary s = IngestJob.run(spark, cfg, req, sel, clock, "sel1");

        long from = Instant.parse("2013-11-26T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2013-11-27T12:00:00Z").toEpochMilli();
        List<Bar> expected =
                SampleData.btcMinuteBars().stream()
                        .filter(b -> b.ts() >= from && b.ts() < to)
                        .toList();
        assertThat(expected).isNotEmpty();
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        assertThat(store.read(Table.BARS).filter("symbol = 'ETH/USD'").count()).isZero();
        assertThat(store.read(Table.BARS).count()).isEqualTo(expected.size());
        assertThat(store.read(Table.BARS).agg(org.apache.spark.sql.functions.min("ts")).first())
                .extracting(r -> r.getLong(0))
                .isEqualTo(expected.get(0).ts());
        assertThat(s.rowsOut()).isEqualTo(expected.size());
        assertThat(s.rowsRejected()).isZero();
        // nothing lost silently: selected + not selected = the 100,000 trades + 580 bars
        long notSelected = ((Number) s.details().get("not_selected")).longValue();
        assertThat(s.rowsIn() + notSelected).isEqualTo(100_580);
        assertThat(notSelected).isGreaterThan(580);
        assertThat(s.details()).containsEntry("symbols", List.of("BTC/USD"));
        assertThat(s.details()).containsEntry("from", "2013-11-26T00:00:00Z");
    }

    @Test
    void badWindowsAreOneLineErrors() {
        assertThatThrownBy(() -> IngestSelection.of(List.of(), "yesterday", null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--from 'yesterday' is not a date or time");
        assertThatThrownBy(() -> IngestSelection.of(List.of(), "2013-11-27", "2013-11-26"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not before --to");
        assertThat(IngestSelection.of(null, "", " ").all()).isTrue();
    }
}
