package dev.algotrader.ml.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.ml.ResearchFixtures;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first {@code predict} creates {@code gold/predictions} through Delta Kernel, without Spark:
 * the table is the one Spark's first write made (protocol, schema with its nullability, no
 * partition columns, no table properties), Spark reads it and MERGEs into it, and predicting twice
 * leaves the rows the Spark path left.
 */
class PredictionsTableCreateIT {

    static final String MODEL = "btc-usd_1m_trees";
    static final long MIN = 60_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stands for the Spark store where no Spark may start. */
    private static final Supplier<DeltaStore> NO_SPARK =
            () -> {
                throw new AssertionError("Spark started");
            };

    @TempDir Path tmp;
    SparkSession spark;
    DeltaStore kernelSide;
    DeltaStore sparkSide;
    LakeReader lake;

    @BeforeEach
    void setUp() {
        spark = ResearchFixtures.spark();
        kernelSide = new DeltaStore(spark, tmp.resolve("kernel"));
        sparkSide = new DeltaStore(spark, tmp.resolve("spark"));
        lake = new LakeReader(kernelSide.root());
    }

    @Test
    void theTableKernelCreatesIsTheTableSparkCreated() throws IOException {
        List<PredictionsTable.Prediction> p = preds(ResearchFixtures.START, 40, 0.0);
        long v = PredictionsTable.replace(lake, NO_SPARK, MODEL, "1", "BTC/USD", "1m", p);
        PredictionsTable.replace(sparkSide, MODEL, "1", "BTC/USD", "1m", p);
        assertThat(v).isZero();
        Map<String, JsonNode> k = firstCommit(kernelSide), s = firstCommit(sparkSide);
        assertThat(k.get("protocol")).isEqualTo(s.get("protocol"));
        for (String field : List.of("format", "partitionColumns", "configuration")) {
            assertThat(k.get("metaData").get(field))
                    .as(field)
                    .isEqualTo(s.get("metaData").get(field));
        }
        assertThat(JSON.readTree(k.get("metaData").get("schemaString").asText()))
                .isEqualTo(JSON.readTree(s.get("metaData").get("schemaString").asText()));
        assertThat(spark.read().format("delta").load(kernelSide.path(Table.PREDICTIONS)).schema())
                .isEqualTo(
                        spark.read()
                                .format("delta")
                                .load(sparkSide.path(Table.PREDICTIONS))
                                .schema());
        assertThat(
                        DeltaTable.forPath(spark, kernelSide.path(Table.PREDICTIONS))
                                .detail()
                                .first()
                                .<String>getAs("format"))
                .isEqualTo("delta");
        assertThat(sorted(kernelSide)).hasSize(40).isEqualTo(sorted(sparkSide));
    }

    @Test
    void predictTwiceAndThenAChangedScoreLeaveTheRowsOfTheSparkPath() {
        List<PredictionsTable.Prediction> p = preds(ResearchFixtures.START, 40, 0.0);
        long first = PredictionsTable.replace(lake, NO_SPARK, MODEL, "1", "BTC/USD", "1m", p);
        long second = PredictionsTable.replace(lake, NO_SPARK, MODEL, "1", "BTC/USD", "1m", p);
        PredictionsTable.replace(sparkSide, MODEL, "1", "BTC/USD", "1m", p);
        PredictionsTable.replace(sparkSide, MODEL, "1", "BTC/USD", "1m", p);
        assertThat(second).isEqualTo(first);
        assertThat(sorted(kernelSide)).isEqualTo(sorted(sparkSide));
        // a changed score is a MERGE on Spark, into the table Kernel created
        List<PredictionsTable.Prediction> changed = new ArrayList<>(p);
        changed.set(5, new PredictionsTable.Prediction(changed.get(5).ts(), 0.99));
        PredictionsTable.replace(lake, () -> kernelSide, MODEL, "1", "BTC/USD", "1m", changed);
        PredictionsTable.replace(sparkSide, MODEL, "1", "BTC/USD", "1m", changed);
        assertThat(sorted(kernelSide)).hasSize(40).isEqualTo(sorted(sparkSide));
    }

    @Test
    void aFirstPredictWithNothingToScoreCreatesAnEmptyTableLikeSpark() {
        long v = PredictionsTable.replace(lake, NO_SPARK, MODEL, "1", "BTC/USD", "1m", List.of());
        PredictionsTable.replace(sparkSide, MODEL, "1", "BTC/USD", "1m", List.of());
        assertThat(v).isZero();
        assertThat(sorted(kernelSide)).isEmpty();
        assertThat(spark.read().format("delta").load(kernelSide.path(Table.PREDICTIONS)).schema())
                .isEqualTo(
                        spark.read()
                                .format("delta")
                                .load(sparkSide.path(Table.PREDICTIONS))
                                .schema());
    }

    /** The actions of version 0 by name (commitInfo aside, which names the engine). */
    private static Map<String, JsonNode> firstCommit(DeltaStore s) throws IOException {
        Path log = Path.of(s.path(Table.PREDICTIONS), "_delta_log", "00000000000000000000.json");
        Map<String, JsonNode> out = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            n.fieldNames().forEachRemaining(f -> out.putIfAbsent(f, n.get(f)));
        }
        return out;
    }

    private static List<PredictionsTable.Prediction> preds(long from, int n, double shift) {
        List<PredictionsTable.Prediction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PredictionsTable.Prediction(from + i * MIN, (i % 10) / 10.0 + shift / 10));
        }
        return out;
    }

    private static List<String> sorted(DeltaStore s) {
        return s
                .read(Table.PREDICTIONS)
                .orderBy("model", "version", "symbol", "ts")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    }
}
