package dev.algotrader.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.labels.Labeler;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.ml.tracking.LocalMlflowStore;
import dev.algotrader.ml.tracking.TrackingStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Label;
import dev.algotrader.schema.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} with the default configuration on the real sample data (9,399 one-minute BTC/USD
 * bars of 2013): features from trading-core's FeatureEngine, labels from its Labeler (4h horizon),
 * written as the Delta tables the ingest job writes. Prints the terminal report to the log.
 */
class RealDataTrainIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealDataTrainIT.class);

    @TempDir Path dir;

    @Test
    void trainsOnRealBtcBarsWithTheDefaultConfiguration() throws Exception {
        SparkSession spark = ResearchFixtures.spark();
        Path data = dir.resolve("data");
        writeRealTables(spark, data);
        AppConfig app =
                AppConfig.withOverrides(
                        "algotrader.data-root = \""
                                + data
                                + "\"\n"
                                + "algotrader.research.mlflow.tracking-uri = \"\"\n"
                                + "algotrader.reports-dir = \""
                                + dir.resolve("reports")
                                + "\"\n");
        LocalMlflowStore store = new LocalMlflowStore(dir.resolve("mlruns"), Clock.systemUTC());
        TrainResult r =
                ResearchJobs.train(
                        spark,
                        app,
                        TrainRequest.defaults(),
                        EventLog.at(dir.resolve("events.jsonl")),
                        store);
        LOG.info("real-data train:\n{}", r.render());
        assertThat(r.horizonBars()).isEqualTo(240);
        assertThat(r.rows()).isGreaterThan(5000);
        assertThat(store.runStatus(r.runId())).isEqualTo(TrackingStore.RunStatus.FINISHED);
        assertThat(r.holdout().portableMaxAbsDiff()).isLessThanOrEqualTo(1e-12);
        assertThat(r.promotion().promoted()).isTrue();
        assertThat(r.render()).contains("Verdict: the model");
        // the HTML report: verdict first, every leaderboard row, the three plots inline; the same
        // page is the run's report.html artifact
        Path report = ResearchJobs.reportFile(app, r.runId());
        assertThat(report).startsWith(dir.resolve("reports")).isRegularFile();
        String html = Files.readString(report);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains(
                        "Verdict on the holdout:</b> "
                                + dev.algotrader.core.report.Html.esc(r.holdout().verdict()))
                .contains(r.selected().spec().label() + " <b>← selected</b>")
                .doesNotContain("<?xml");
        assertThat(html.split("<svg ", -1)).hasSize(1 + r.plots().size());
        assertThat(r.plots()).hasSize(3);
        assertThat(html.split("<tr", -1).length - 1)
                .as("leaderboard rows + header, holdout rows + header, confusion 3 rows")
                .isEqualTo(r.leaderboard().size() + 1 + 6 + 1 + 3);
        Path artifact =
                dir.resolve("mlruns")
                        .resolve(r.experimentId())
                        .resolve(r.runId())
                        .resolve("artifacts")
                        .resolve(ResearchJobs.REPORT_ARTIFACT);
        assertThat(Files.readString(artifact)).isEqualTo(html);
    }

    static void writeRealTables(SparkSession spark, Path root) {
        List<Bar> bars = SampleData.btcMinuteBars();
        FeatureSetSpec fs = FeatureSetSpec.DEFAULT;
        List<FeatureRow> features = FeatureEngine.computeAll(fs, bars);
        Labeler labeler = Labeler.of(Duration.ofHours(4), BarInterval.parse("1m"), 0.0005);
        List<Label> labels = labeler.label(bars);
        List<StructField> ff = new ArrayList<>();
        ff.add(DataTypes.createStructField("symbol", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("interval", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("ts", DataTypes.LongType, false));
        ff.add(DataTypes.createStructField("feature_set", DataTypes.StringType, false));
        ff.add(DataTypes.createStructField("warm", DataTypes.BooleanType, false));
        for (String n : fs.featureNames()) {
            ff.add(DataTypes.createStructField(n, DataTypes.DoubleType, true));
        }
        StructType fSchema = DataTypes.createStructType(ff);
        List<Row> fRows = new ArrayList<>();
        for (FeatureRow f : features) {
            Object[] v = new Object[5 + f.values().length];
            v[0] = f.symbol();
            v[1] = f.interval();
            v[2] = f.ts();
            v[3] = f.featureSetId();
            v[4] = f.warm();
            for (int j = 0; j < f.values().length; j++) v[5 + j] = f.values()[j];
            fRows.add(RowFactory.create(v));
        }
        StructType lSchema =
                DataTypes.createStructType(
                        List.of(
                                DataTypes.createStructField("symbol", DataTypes.StringType, false),
                                DataTypes.createStructField(
                                        "interval", DataTypes.StringType, false),
                                DataTypes.createStructField("ts", DataTypes.LongType, false),
                                DataTypes.createStructField(
                                        "horizon", DataTypes.IntegerType, false),
                                DataTypes.createStructField(
                                        "forward_log_return", DataTypes.DoubleType, false),
                                DataTypes.createStructField(
                                        "direction", DataTypes.StringType, false),
                                DataTypes.createStructField(
                                        "label", DataTypes.IntegerType, false)));
        List<Row> lRows = new ArrayList<>();
        for (Label l : labels) {
            int cls =
                    l.direction() == Label.Direction.UP
                            ? 1
                            : l.direction() == Label.Direction.DOWN ? -1 : 0;
            lRows.add(
                    RowFactory.create(
                            l.symbol(),
                            l.interval(),
                            l.ts(),
                            l.horizonBars(),
                            l.forwardLogReturn(),
                            l.direction().name(),
                            cls));
        }
        spark.createDataFrame(fRows, fSchema)
                .coalesce(2)
                .write()
                .format("delta")
                .mode("overwrite")
                .save(root.resolve(Table.FEATURES.path()).toString());
        spark.createDataFrame(lRows, lSchema)
                .coalesce(2)
                .write()
                .format("delta")
                .mode("overwrite")
                .save(root.resolve(Table.LABELS.path()).toString());
    }
}
