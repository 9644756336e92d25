package dev.algotrader.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SymbolPartitionsIT {

    private static final StructType SCHEMA =
            new StructType()
                    .add("symbol", DataTypes.StringType, true)
                    .add("ts", DataTypes.LongType, false);

    private static Dataset<Row> rows(SparkSession spark, List<String> symbols, int each) {
        List<Row> rows = new ArrayList<>();
        for (String s : symbols) for (long t = 0; t < each; t++) rows.add(RowFactory.create(s, t));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Partition id → the symbols found in it. */
    private static Map<Integer, Set<String>> placement(Dataset<Row> spread) {
        Map<Integer, Set<String>> out = new HashMap<>();
        for (Row r :
                spread.select(spark_partition_id().as("p"), col("symbol"))
                        .distinct()
                        .collectAsList()) {
            out.computeIfAbsent(r.getInt(0), k -> new HashSet<>()).add(r.getString(1));
        }
        return out;
    }

    @Test
    void symbolsThatHashToOnePartitionGetOneEach() {
        SparkSession spark = SharedSpark.get();
        spark.conf().set("spark.sql.shuffle.partitions", "4");
        try {
            // BTC/USD and ETH/USD share a partition of 4 when hashed by name
            Dataset<Row> in = rows(spark, List.of("BTC/USD", "ETH/USD"), 50);
            assertThat(placement(in.repartition(4, col("symbol")))).hasSize(1);

            Dataset<Row> spread = SymbolPartitions.spread(in, List.of("ETH/USD", "BTC/USD"));
            assertThat(spread.rdd().getNumPartitions()).isEqualTo(4);
            assertThat(placement(spread))
                    .containsEntry(0, Set.of("BTC/USD"))
                    .containsEntry(1, Set.of("ETH/USD"))
                    .hasSize(2);
            assertThat(spread.columns()).containsExactly("symbol", "ts");
            assertThat(spread.count()).isEqualTo(100);
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", "2");
        }
    }

    @Test
    void moreSymbolsThanPartitionsGoRoundRobinAndUnknownOnesStillLandWhole() {
        SparkSession spark = SharedSpark.get();
        List<String> listed = List.of("A", "B", "C", "D", "E");
        List<String> all = new ArrayList<>(listed);
        all.add("Z"); // not listed: placed by the hash of its name
        Dataset<Row> in = rows(spark, all, 10).union(spark.createDataFrame(nullSymbol(), SCHEMA));

        Map<Integer, Set<String>> placed = placement(SymbolPartitions.spread(in, listed));
        // 2 partitions: A, C, E on 0 and B, D on 1
        assertThat(placed.get(0)).contains("A", "C", "E").doesNotContain("B", "D");
        assertThat(placed.get(1)).contains("B", "D").doesNotContain("A", "C", "E");
        // nothing lost, and a symbol's rows stay together
        assertThat(SymbolPartitions.spread(in, listed).count()).isEqualTo(61);
        long zParts = placed.values().stream().filter(s -> s.contains("Z")).count();
        assertThat(zParts).isEqualTo(1);
    }

    @Test
    void withoutAListTheSymbolsComeFromTheRows() {
        SparkSession spark = SharedSpark.get();
        Dataset<Row> in = rows(spark, List.of("X", "Y"), 5);
        assertThat(placement(SymbolPartitions.spread(in, null)))
                .containsEntry(0, Set.of("X"))
                .containsEntry(1, Set.of("Y"));
    }

    private static List<Row> nullSymbol() {
        List<Row> r = new ArrayList<>();
        r.add(RowFactory.create(null, 1L));
        return r;
    }
}
