package dev.algotrader.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Column;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Delta Kernel reader returns exactly the rows Spark reads for the same table and filter: a
 * partitioned silver/bars with several versions (an old schema without {@code complete} and {@code
 * volume_known}, a MERGE that adds them and updates rows, a delete), a table with deletion vectors,
 * and the table facts (version, files, bytes, rows) Delta's own detail reports. A Kernel append is
 * what a MERGE of new keys would have written; Kernel appends write checkpoints Spark reads.
 */
class LakeReaderParityIT {

    private static SparkSession spark;
    private static Path root;
    private static DeltaStore store;
    private static LakeReader lake;

    private static final long T0 = Instant.parse("2024-03-01T23:50:00Z").toEpochMilli();
    private static final long MIN = 60_000L;

    @BeforeAll
    static void setUp() throws Exception {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("lake-parity")
                        .config("spark.sql.shuffle.partitions", "2")
                        .config("spark.sql.session.timeZone", "UTC")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                        .config(
                                "spark.sql.catalog.spark_catalog",
                                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                        .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        root = Files.createTempDirectory("lake-parity");
        store = new DeltaStore(spark, root);
        lake = new LakeReader(root);
        writeBarsHistory();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (spark != null) spark.stop();
        if (root != null) {
            try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** v0: old schema (no complete/volume_known); v1: MERGE adds them + updates; v2: delete. */
    private static void writeBarsHistory() {
        List<Column> old =
                Table.BARS.columns().stream()
                        .filter(
                                c ->
                                        !c.name().equals("complete")
                                                && !c.name().equals("volume_known"))
                        .toList();
        List<Row> v0 = new ArrayList<>();
        for (String s : List.of("BTC/USD", "ETH/USD")) {
            for (int i = 0; i < 40; i++)
                v0.add(oldRow(s, T0 + i * MIN, 100 + i, i % 5 == 0 ? 0 : 2));
        }
        store.merge(Table.BARS, spark.createDataFrame(v0, SparkSchemas.of(old)));
        List<Row> v1 = new ArrayList<>();
        for (int i = 30; i < 60; i++) {
            v1.add(
                    newRow(
                            "BTC/USD",
                            T0 + i * MIN,
                            200 + i,
                            i == 59 ? Boolean.FALSE : Boolean.TRUE));
        }
        store.merge(Table.BARS, spark.createDataFrame(v1, SparkSchemas.of(Table.BARS)));
        DeltaTable.forPath(spark, store.path(Table.BARS))
                .delete(functions.col("ts").equalTo(T0 + 3 * MIN));
        assertThat(store.version(Table.BARS)).isEqualTo(2);
    }

    private static Row oldRow(String symbol, long ts, double px, double vol) {
        Instant t = Instant.ofEpochMilli(ts);
        return RowFactory.create(
                symbol,
                "1m",
                ts,
                Timestamp.from(t),
                Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
                px,
                px + 1,
                px - 1,
                px,
                vol,
                false,
                "test");
    }

    private static Row newRow(String symbol, long ts, double px, Boolean complete) {
        Instant t = Instant.ofEpochMilli(ts);
        return RowFactory.create(
                symbol,
                "1m",
                ts,
                Timestamp.from(t),
                Date.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDate()),
                px,
                px + 1,
                px - 1,
                px,
                3.0,
                false,
                "test2",
                complete,
                true);
    }

    @Test
    void everyRowOfATableWithSeveralVersionsSchemaEvolutionAndADelete() {
        assertSameRows(
                Table.BARS.path(),
                LakeFilter.all(),
                spark.read().format("delta").load(store.path(Table.BARS)));
    }

    @Test
    void aSymbolAndTimeFilterGivesTheRowsSparkFilters() {
        long from = T0 + 5 * MIN, to = T0 + 45 * MIN;
        Dataset<Row> df =
                store.read(Table.BARS)
                        .where(functions.col("interval").equalTo("1m"))
                        .where(functions.col("symbol").isin("BTC/USD"))
                        .where(functions.col("ts").geq(from))
                        .where(functions.col("ts").lt(to));
        LakeFilter f =
                LakeFilter.all()
                        .eq("interval", "1m")
                        .in("symbol", List.of("BTC/USD"))
                        .range("ts", from, to);
        assertSameRows(Table.BARS.path(), f, df);
        assertThat(lake.read(Table.BARS.path(), f, null)).hasSize(40);
    }

    @Test
    void completeBarsLeaveOutTheOpenBarAndReadOldFilesAsComplete() {
        List<Bar> bars = lake.completeBars("1m", List.of("BTC/USD"), null, null);
        // 60 minutes, minus the deleted one, minus the open last one
        assertThat(bars).hasSize(58);
        assertThat(bars).noneMatch(b -> b.ts() == T0 + 59 * MIN || b.ts() == T0 + 3 * MIN);
        List<Bar> spark =
                store
                        .read(Table.BARS)
                        .where("symbol = 'BTC/USD' AND coalesce(complete, true)")
                        .collectAsList()
                        .stream()
                        .map(
                                r ->
                                        new Bar(
                                                r.getAs("symbol"),
                                                r.getAs("interval"),
                                                r.<Long>getAs("ts"),
                                                r.<Double>getAs("open"),
                                                r.<Double>getAs("high"),
                                                r.<Double>getAs("low"),
                                                r.<Double>getAs("close"),
                                                r.<Double>getAs("volume")))
                        .toList();
        assertThat(bars).containsExactlyInAnyOrderElementsOf(spark);
    }

    @Test
    void factsAreDeltasOwnVersionFilesBytesAndRows() {
        LakeReader.Facts f = lake.facts(Table.BARS);
        DeltaStore.Files d = store.files(Table.BARS);
        assertThat(f.version()).isEqualTo(store.version(Table.BARS));
        assertThat(f.files()).isEqualTo(d.count());
        assertThat(f.bytes()).isEqualTo(d.bytes());
        assertThat(f.rows()).isEqualTo(store.read(Table.BARS).count());
    }

    @Test
    void deletionVectorsAreApplied() {
        String rel = "gold/dv_test";
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(
                    RowFactory.create(
                            "m", "1", "BTC/USD", "1m", T0 + i * MIN, i / 100.0, "holdout"));
        }
        spark.createDataFrame(rows, SparkSchemas.of(Table.PREDICTIONS))
                .coalesce(1)
                .write()
                .format("delta")
                .option("delta.enableDeletionVectors", "true")
                .save(store.path(rel));
        DeltaTable.forPath(spark, store.path(rel)).delete("ts % 7 = 0");
        Dataset<Row> df = spark.read().format("delta").load(store.path(rel));
        assertSameRows(rel, LakeFilter.all(), df);
        assertThat(lake.facts(rel).rows()).isEqualTo(df.count());
    }

    @Test
    void aKernelAppendOfNewKeysEqualsTheMergeAndSparkMergesAfterIt() {
        Dataset<Row> first =
                spark.createDataFrame(
                        List.of(RowFactory.create("run-a", T0, 1000.0, 0.0, 1000.0)),
                        SparkSchemas.of(Table.EQUITY));
        store.merge(Table.EQUITY, first);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++)
            rows.add(new Object[] {"run-b", T0 + i * MIN, 1000.0 + i, 0.5, 1000.5 + i});
        LakeWriter w = new LakeWriter(lake);
        assertThat(w.canAppend(Table.EQUITY, rows)).isTrue();
        long v = w.append(Table.EQUITY, rows);
        assertThat(v).isEqualTo(1);
        assertThat(w.canAppend(Table.EQUITY, rows)).as("the run id is now stored").isFalse();
        List<Object[]> dup = List.of(rows.get(0), rows.get(0));
        assertThat(w.canAppend(Table.EQUITY, dup)).isFalse();
        Dataset<Row> df = store.read(Table.EQUITY);
        assertThat(df.count()).isEqualTo(51);
        assertThat(df.where("run_id = 'run-b' AND ts = " + (T0 + 7 * MIN)).first().getDouble(4))
                .isEqualTo(1007.5);
        // a MERGE of the same rows afterwards changes nothing
        List<Row> again = new ArrayList<>();
        for (Object[] r : rows) again.add(RowFactory.create(r));
        assertThat(
                        store.merge(
                                        Table.EQUITY,
                                        spark.createDataFrame(again, SparkSchemas.of(Table.EQUITY)))
                                .version())
                .isEqualTo(1);
        assertSameRows(
                Table.EQUITY.path(),
                LakeFilter.all().eq("run_id", "run-b"),
                df.where("run_id = 'run-b'"));
    }

    @Test
    void aMergeOfKeysNoStoredFileCanHoldIsAnAppendAndAnOverlapStillMerges() {
        String rel = "test/new_keys";
        List<String> key = List.of("symbol", "ts");
        store.merge(rel, key, List.of(), keyed("BTC/USD", 0, 10, 1.0));
        LakeFilter btc = LakeFilter.all().eq("symbol", "BTC/USD");
        assertThat(lake.mayHaveRows(rel, List.of(btc.range("ts", T0 + 5 * MIN, T0 + 6 * MIN))))
                .isTrue();
        assertThat(lake.mayHaveRows(rel, List.of(btc.range("ts", T0 + 10 * MIN, T0 + 20 * MIN))))
                .isFalse();
        assertThat(lake.mayHaveRows(rel, List.of(LakeFilter.all().eq("symbol", "ETH/USD"))))
                .isFalse();

        store.merge(rel, key, List.of(), keyed("BTC/USD", 10, 20, 2.0));
        assertThat(lastOperation(rel)).as("keys after every stored file").isEqualTo("WRITE");
        store.merge(rel, key, List.of(), keyed("BTC/USD", 15, 25, 3.0));
        assertThat(lastOperation(rel)).as("keys inside a stored file").isEqualTo("MERGE");

        Dataset<Row> df = store.read(rel);
        assertThat(df.count()).isEqualTo(25);
        assertThat(df.where("v = 1.0").count()).isEqualTo(10);
        assertThat(df.where("v = 2.0").count()).isEqualTo(5);
        assertThat(df.where("v = 3.0 AND ts >= " + (T0 + 15 * MIN)).count()).isEqualTo(10);
    }

    private static Dataset<Row> keyed(String symbol, int from, int to, double v) {
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) rows.add(RowFactory.create(symbol, T0 + i * MIN, v));
        StructType schema =
                new StructType()
                        .add("symbol", org.apache.spark.sql.types.DataTypes.StringType)
                        .add("ts", org.apache.spark.sql.types.DataTypes.LongType)
                        .add("v", org.apache.spark.sql.types.DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }

    private static String lastOperation(String rel) {
        return DeltaTable.forPath(spark, store.path(rel)).history(1).first().getAs("operation");
    }

    @Test
    void kernelAppendsWriteCheckpointsThatSparkAndKernelReadAlike() throws Exception {
        LakeWriter w = new LakeWriter(lake);
        assertThat(w.create(Table.FILLS, fills("run-0"))).isZero();
        for (int run = 1; run <= 23; run++) {
            List<Object[]> rows = fills("run-" + run);
            assertThat(w.canAppend(Table.FILLS, rows)).isTrue();
            assertThat(w.append(Table.FILLS, rows)).isEqualTo(run);
        }
        Path log = root.resolve(Table.FILLS.path()).resolve("_delta_log");
        assertThat(log.resolve(String.format("%020d.checkpoint.parquet", 10))).exists();
        assertThat(log.resolve(String.format("%020d.checkpoint.parquet", 20))).exists();
        assertThat(Files.readString(log.resolve("_last_checkpoint"))).contains("\"version\":20");
        // Delta's log clean-up may drop the commits a checkpoint covers: with them gone, both
        // readers can only start from the Kernel's checkpoint
        for (int v = 0; v <= 20; v++) Files.delete(log.resolve(String.format("%020d.json", v)));
        org.apache.spark.sql.delta.DeltaLog.clearCache();
        Dataset<Row> df = store.read(Table.FILLS);
        assertThat(df.count()).isEqualTo(24 * 3);
        assertSameRows(Table.FILLS.path(), LakeFilter.all(), df);
        assertSameRows(
                Table.FILLS.path(),
                LakeFilter.all().eq("run_id", "run-7"),
                df.where("run_id = 'run-7'"));
        assertThat(lake.facts(Table.FILLS))
                .isEqualTo(new LakeReader.Facts(23, 24, lake.facts(Table.FILLS).bytes(), 72));
        // the Kernel files carry min/max statistics: one run's rows are in one file, and both
        // engines skip the others (from the checkpoint's copy of the statistics, too)
        assertThat(df.where("run_id = 'run-7'").inputFiles()).hasSize(1);
        assertThat(kernelFiles(Table.FILLS.path(), "run_id", "run-7")).isEqualTo(1);
        // Spark writes on top of the Kernel's checkpoint, and Kernel reads what Spark wrote
        List<Row> more = new ArrayList<>();
        for (Object[] r : fills("run-spark")) more.add(RowFactory.create(r));
        assertThat(
                        store.merge(
                                        Table.FILLS,
                                        spark.createDataFrame(more, SparkSchemas.of(Table.FILLS)))
                                .version())
                .isEqualTo(24);
        assertSameRows(Table.FILLS.path(), LakeFilter.all(), store.read(Table.FILLS));
        assertThat(lake.version(Table.FILLS)).isEqualTo(24);
    }

    @Test
    void filesWithoutLogStatisticsAreSkippedByTheirParquetFooter() throws Exception {
        // what Kernel 3.3 appended before its files carried statistics: numRecords only
        String rel = "trading/no_stats";
        spark.conf().set("spark.databricks.delta.stats.collect", "false");
        try {
            for (String run : List.of("run-a", "run-b", "run-c")) {
                List<Row> rows = new ArrayList<>();
                for (Object[] r : fills(run)) rows.add(RowFactory.create(r));
                spark.createDataFrame(rows, SparkSchemas.of(Table.FILLS))
                        .coalesce(1)
                        .write()
                        .format("delta")
                        .mode("append")
                        .save(store.path(rel));
            }
        } finally {
            spark.conf().unset("spark.databricks.delta.stats.collect");
        }
        assertThat(kernelFiles(rel, "run_id", "run-b")).as("no statistics in the log").isEqualTo(3);
        List<String> files = new ArrayList<>();
        try (var s = Files.list(root.resolve(rel))) {
            s.filter(p -> p.toString().endsWith(".parquet")).forEach(p -> files.add(p.toString()));
        }
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        LakeFilter runB = LakeFilter.all().eq("run_id", "run-b");
        assertThat(files.stream().filter(f -> !FooterStatistics.excludes(f, runB, conf)).count())
                .isEqualTo(1);
        LakeFilter lateRunA =
                LakeFilter.all().eq("run_id", "run-a").range("ts", T0 + 3 * MIN, null);
        assertThat(files.stream().filter(f -> FooterStatistics.excludes(f, lateRunA, conf)).count())
                .as("run-a's file ends before the range")
                .isEqualTo(3);
        Dataset<Row> df = store.read(rel);
        assertSameRows(rel, runB, df.where("run_id = 'run-b'"));
        assertSameRows(
                rel,
                LakeFilter.all().eq("run_id", "run-c").range("ts", T0 + MIN, null),
                df.where("run_id = 'run-c' AND ts >= " + (T0 + MIN)));
    }

    /**
     * The data files a Kernel scan of {@code column = value} keeps after skipping by statistics.
     */
    private static long kernelFiles(String rel, String column, String value) throws Exception {
        io.delta.kernel.engine.Engine engine = lake.engine();
        io.delta.kernel.Scan scan =
                io.delta.kernel.Table.forPath(engine, lake.path(rel).toString())
                        .getLatestSnapshot(engine)
                        .getScanBuilder(engine)
                        .withFilter(
                                engine,
                                new io.delta.kernel.expressions.Predicate(
                                        "=",
                                        new io.delta.kernel.expressions.Column(column),
                                        io.delta.kernel.expressions.Literal.ofString(value)))
                        .build();
        long n = 0;
        try (var it = scan.getScanFiles(engine)) {
            while (it.hasNext()) {
                try (var rows = it.next().getRows()) {
                    while (rows.hasNext()) {
                        rows.next();
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Three fills of one run (values in {@link Table#FILLS} column order). */
    private static List<Object[]> fills(String runId) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(
                    new Object[] {
                        runId,
                        "o-" + i,
                        "BTC/USD",
                        T0 + i * MIN,
                        "BUY",
                        0.5 + i,
                        100.0 + i,
                        0.1,
                        0.01
                    });
        }
        return rows;
    }

    @Test
    void aMissingTableGivesTheOneLineMessageOfDeltaStore() {
        String expected;
        try {
            store.read(Table.LABELS);
            throw new AssertionError("expected a missing table");
        } catch (MissingTableException e) {
            expected = e.getMessage();
        }
        assertThatThrownBy(() -> lake.read(Table.LABELS, LakeFilter.all()))
                .isInstanceOf(MissingTableException.class)
                .hasMessage(expected);
        assertThat(lake.exists(Table.LABELS)).isFalse();
        assertThat(lake.version(Table.LABELS)).isEqualTo(-1);
    }

    /** Kernel rows = Spark rows, compared as sorted lists of normalised values (all columns). */
    private static void assertSameRows(String rel, LakeFilter f, Dataset<Row> df) {
        StructType schema = df.schema();
        List<String> cols = Arrays.asList(schema.fieldNames());
        List<List<Object>> expected = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            List<Object> v = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) v.add(normal(r.get(i)));
            expected.add(v);
        }
        List<List<Object>> actual = new ArrayList<>();
        for (LakeRow r : lake.read(rel, f, cols)) {
            List<Object> v = new ArrayList<>();
            for (String c : cols) v.add(normal(r.get(c)));
            actual.add(v);
        }
        Comparator<List<Object>> order = Comparator.comparing(Object::toString);
        expected.sort(order);
        actual.sort(order);
        assertThat(actual).isNotEmpty().isEqualTo(expected);
    }

    private static Object normal(Object o) {
        if (o instanceof Timestamp t) return t.toInstant();
        if (o instanceof Date d) return d.toLocalDate();
        if (o instanceof double[] d) return Arrays.toString(d);
        return Objects.requireNonNullElse(o, "null");
    }
}
