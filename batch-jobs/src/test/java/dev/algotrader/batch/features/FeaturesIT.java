package dev.algotrader.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.BarFrames;
import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class FeaturesIT {

    static final FeatureSetSpec SPEC = FeatureSetSpec.DEFAULT;

    static List<FeatureRow> rows(Dataset<Row> features) {
        List<FeatureRow> out = new ArrayList<>();
        int w = SPEC.featureNames().size();
        for (Row r : features.orderBy("symbol", "interval", "ts").collectAsList()) {
            double[] v = new double[w];
            for (int i = 0; i < w; i++) v[i] = r.<Double>getAs(SPEC.featureNames().get(i));
            out.add(
                    new FeatureRow(
                            r.getAs("symbol"),
                            r.getAs("interval"),
                            r.<Long>getAs("ts"),
                            r.getAs("feature_set"),
                            r.<Boolean>getAs("warm"),
                            v));
        }
        return out;
    }

    @Test
    void sparkFeaturesEqualTheCoreEngineInAPlainLoopBitForBit() {
        SparkSession spark = SharedSpark.get();
        List<Bar> btc = SampleData.btcMinuteBars();
        List<Bar> eth = SyntheticEth.bars();
        List<Bar> all = new ArrayList<>(btc);
        all.addAll(eth);
        List<FeatureRow> expected = new ArrayList<>(FeatureEngine.computeAll(SPEC, btc));
        expected.addAll(FeatureEngine.computeAll(SPEC, eth));

        // shuffled input order: the job must sort per symbol itself
        List<Bar> shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        List<FeatureRow> got = rows(FeaturesJob.transform(BarFrames.silver(spark, shuffled, "t")));

        assertThat(got).hasSize(expected.size());
        // FeatureRow.equals compares the double arrays bit for bit (Arrays.equals)
        for (int i = 0; i < expected.size(); i++) {
            assertThat(got.get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
        assertThat(got.stream().filter(FeatureRow::warm).count()).isPositive();
    }

    @Test
    void incrementalRunsGiveExactlyTheRowsOfAFullRun() {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        List<Bar> btc = SampleData.btcMinuteBars();
        int cut = 6_000;

        store.merge(Table.BARS, BarFrames.silver(spark, btc.subList(0, cut), "t"));
        JobSummary a = FeaturesJob.run(spark, cfg, false, "a");
        assertThat(a.rowsIn()).isEqualTo(cut);

        store.merge(Table.BARS, BarFrames.silver(spark, btc.subList(cut, btc.size()), "t"));
        JobSummary b = FeaturesJob.run(spark, cfg, false, "b");
        assertThat(b.rowsIn()).as("only new bars are fed").isEqualTo(btc.size() - cut);
        assertThat(b.details().get("symbols_continued")).isEqualTo(1);

        JobSummary idle = FeaturesJob.run(spark, cfg, false, "d");
        assertThat(idle.rowsIn()).isZero();

        List<FeatureRow> incremental = rows(store.read(Table.FEATURES));
        List<FeatureRow> full = FeatureEngine.computeAll(SPEC, btc);
        assertThat(incremental).isEqualTo(full);

        // a full run rewrites nothing: same rows, and (issue 16) no new Delta version either
        long before = store.version(Table.FEATURES);
        JobSummary f = FeaturesJob.run(spark, cfg, true, "full");
        assertThat(f.rowsIn()).isEqualTo(btc.size());
        assertThat(rows(store.read(Table.FEATURES))).isEqualTo(full);
        assertThat(store.version(Table.FEATURES)).isEqualTo(before);
    }

    @Test
    void aBackfillBeforeTheSavedStateRecomputesThatSymbolInFull() {
        SparkSession spark = SharedSpark.get();
        AppConfig cfg = SharedSpark.config("");
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        List<Bar> btc = SampleData.btcMinuteBars().subList(0, 3_000);
        List<Bar> withHole = new ArrayList<>(btc.subList(0, 1_000));
        withHole.addAll(btc.subList(1_500, 3_000));
        store.merge(Table.BARS, BarFrames.silver(spark, withHole, "t"));
        FeaturesJob.run(spark, cfg, false, "a");

        // the hole is filled later: bars before the saved state's last_ts
        store.merge(Table.BARS, BarFrames.silver(spark, btc.subList(1_000, 1_500), "t"));
        JobSummary b = FeaturesJob.run(spark, cfg, false, "b");
        assertThat(b.details().get("symbols_reset")).isEqualTo(1);
        assertThat(b.rowsIn()).isEqualTo(btc.size());
        assertThat(rows(store.read(Table.FEATURES))).isEqualTo(FeatureEngine.computeAll(SPEC, btc));
    }

    /**
     * A second symbol so partitioning by symbol is exercised (5m bars from the synthetic
     * generator).
     */
    static final class SyntheticEth {
        static List<Bar> bars() {
            List<Bar> out = new ArrayList<>();
            for (Bar b : dev.algotrader.fixtures.SyntheticBars.generate("ETH/USD", "5m", 700, 11)) {
                out.add(b);
            }
            return out;
        }
    }
}
