package dev.algotrader.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.fixtures.TempDirs;
import dev.algotrader.fixtures.TestClock;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Nothing to do = nothing written: ingest → features → labels rerun on the same input commits no
 * new Delta version of any table (and so rewrites no file).
 */
class NoOpRerunIT {

    private static final List<String> TABLES =
            List.of(
                    Table.BARS_RAW.path(),
                    Table.BARS_REJECTED.path(),
                    Table.BARS.path(),
                    Table.FEATURES.path(),
                    FeaturesJob.STATE_TABLE,
                    Table.LABELS.path());

    @Test
    void aRerunThatChangesNoRowCommitsNoVersion() throws Exception {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        // a trade file that ends inside a minute (its last bar is stored open), plus a bad line
        List<String> lines = Files.readAllLines(SampleData.btcTradesCsv()).subList(0, 8_001);
        List<String> content = new ArrayList<>(lines);
        content.add("not,a,trade");
        Path f = TempDirs.create("noop").resolve("trades.csv");
        Files.write(f, content);
        IngestRequest req =
                new IngestRequest(
                        List.of(
                                SourceSpec.files(
                                        "csv-daily",
                                        SourceSpec.Type.CSV_TRADES,
                                        List.of(f),
                                        "BTC/USD",
                                        "1m")),
                        false);

        IngestJob.run(spark, cfg, req, clock, "i1");
        FeaturesJob.run(spark, cfg, false, "f1");
        LabelsJob.run(spark, cfg, "l1");
        Map<String, Long> before = versions(store);
        assertThat(before.values()).allMatch(v -> v >= 0);
        assertThat(store.read(Table.BARS).filter("complete = false").count()).isEqualTo(1);

        clock.advanceMillis(3_600_000);
        IngestJob.run(spark, cfg, req, clock, "i2");
        FeaturesJob.run(spark, cfg, false, "f2");
        LabelsJob.run(spark, cfg, "l2");
        assertThat(versions(store)).as("Delta versions after the rerun").isEqualTo(before);
    }

    private static Map<String, Long> versions(DeltaStore store) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : TABLES) m.put(t, store.version(t));
        return m;
    }
}
