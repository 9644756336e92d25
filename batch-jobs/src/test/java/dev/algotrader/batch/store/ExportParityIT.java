package dev.algotrader.batch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.fixtures.TempDirs;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Column;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code export} through Delta Kernel writes the bytes the Spark export wrote (the code of {@link
 * #sparkExport}, what the command ran before): every table of the platform, CSV and JSON, the
 * latest version and an older one (time travel), several data files and versions, a partitioned
 * table, nulls, NaN and infinities, -0.0, strings that need quoting or trimming, non-ASCII text and
 * an empty table.
 */
class ExportParityIT {

    private static SparkSession spark;
    private static DeltaStore store;
    private static LakeReader lake;
    private static Path out;

    private static final long T0 = Instant.parse("2024-03-01T23:50:00.123Z").toEpochMilli();

    private static final List<String> TEXT =
            List.of(
                    // the first five are the values of leading key columns (partition values of
                    // silver/bars); UTF-8 order puts x\uFFFD before x𝄞, UTF-16 order after
                    "BTC/USD",
                    "x\uD834\uDD1E",
                    "a,b",
                    "x\uFFFD",
                    "ETH/USD",
                    "say \"hi\"",
                    "  padded  ",
                    "",
                    "two\nlines",
                    "#hash",
                    "back\\slash",
                    "tab\there",
                    "ünïcödé €",
                    "clef \uD834\uDD1E",
                    "'single'");

    private static final double[] NUMBERS = {
        0.0,
        -0.0,
        1e-7,
        1.0e10,
        123456789.123,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        0.1 + 0.2,
        -42.5,
        Double.MAX_VALUE
    };

    @BeforeAll
    static void setUp() throws IOException {
        spark = SharedSpark.get();
        Path root = TempDirs.create("export-parity");
        store = new DeltaStore(spark, root);
        lake = new LakeReader(root);
        out = TempDirs.create("export-parity-out");
        for (Table t : Table.values()) {
            if (t == Table.FEATURES || t == Table.EQUITY) continue;
            StructType schema = SparkSchemas.of(t);
            writeVersions(t, schema, rows(t.columns(), t.key(), 0, 60));
        }
        StructType features = SparkSchemas.features(List.of("rsi_14", "ret_1"));
        features = features.add("maybe", DataTypes.DoubleType, true);
        List<Column> fcols = new ArrayList<>(Table.FEATURES.columns());
        fcols.add(Column.req("rsi_14", Column.Type.DOUBLE));
        fcols.add(Column.req("ret_1", Column.Type.DOUBLE));
        fcols.add(Column.opt("maybe", Column.Type.DOUBLE));
        writeVersions(Table.FEATURES, features, rows(fcols, Table.FEATURES.key(), 0, 60));
        // an empty table
        spark.createDataFrame(List.of(), SparkSchemas.of(Table.EQUITY))
                .write()
                .format("delta")
                .save(store.path(Table.EQUITY));
    }

    /** v0: the rows in three files; v1: a MERGE that updates some rows and adds others. */
    private static void writeVersions(Table t, StructType schema, List<Row> rows) {
        Dataset<Row> v0 = spark.createDataFrame(rows.subList(0, 40), schema).repartition(3);
        var w = v0.write().format("delta");
        List<String> parts = DeltaStore.partitionColumns(t);
        if (!parts.isEmpty()) w = w.partitionBy(parts.toArray(new String[0]));
        w.save(store.path(t));
        List<Row> next = new ArrayList<>(rows.subList(40, 60));
        for (int i = 0; i < 10; i++) next.add(changed(rows.get(i * 3), schema, t.key()));
        store.merge(t, spark.createDataFrame(next, schema));
        assertThat(store.version(t)).isEqualTo(1);
    }

    /** Row {@code i} of a table: key columns unique through the last one, edge values elsewhere. */
    private static List<Row> rows(List<Column> cols, List<String> key, int from, int to) {
        List<Row> out = new ArrayList<>();
        String last = key.get(key.size() - 1);
        for (int i = from; i < to; i++) {
            Object[] v = new Object[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                Column col = cols.get(c);
                boolean unique = col.name().equals(last);
                if (col.nullable() && (i + c) % 4 == 0) continue;
                v[c] = value(col.type(), i, c, unique, key.contains(col.name()));
            }
            // silver/bars: the date partition is the day of ts, as the MERGE's key range assumes
            int ts = indexOf(cols, "ts"), date = indexOf(cols, "date");
            if (ts >= 0 && date >= 0) {
                v[date] =
                        Date.valueOf(
                                Instant.ofEpochMilli((Long) v[ts])
                                        .atOffset(ZoneOffset.UTC)
                                        .toLocalDate());
            }
            out.add(RowFactory.create(v));
        }
        return out;
    }

    private static int indexOf(List<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equals(name)) return i;
        return -1;
    }

    private static Object value(Column.Type type, int i, int c, boolean unique, boolean inKey) {
        int k = (i * 7 + c * 3) % 5; // few distinct values: ties on the leading key columns
        return switch (type) {
            case STRING ->
                    unique
                            ? TEXT.get(i % TEXT.size()) + "-" + i
                            : TEXT.get(inKey ? k : (i + c) % TEXT.size());
            case LONG ->
                    unique
                            ? T0 + (i % 2 == 0 ? i : -i) * 61_001L
                            : inKey ? (long) k * 1000 - 2000 : (long) i * c * 1_000_003L - 5000;
            case INT -> unique ? i * (i % 2 == 0 ? 1 : -1) : inKey ? k : i * c - 7;
            case DOUBLE -> NUMBERS[(i + c) % NUMBERS.length];
            case BOOLEAN -> (i + c) % 3 == 0;
            case TIMESTAMP ->
                    Timestamp.from(Instant.ofEpochMilli(T0 + i * 3_600_007L).plusNanos(456_000));
            case DATE ->
                    Date.valueOf(
                            Instant.ofEpochMilli(T0 + i * 86_400_000L)
                                    .atOffset(ZoneOffset.UTC)
                                    .toLocalDate());
            case DOUBLE_ARRAY -> new double[] {i, -i};
        };
    }

    /** The same key with other values. */
    private static Row changed(Row r, StructType schema, List<String> key) {
        Object[] v = new Object[r.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(i);
            if (key.contains(schema.fields()[i].name())) continue;
            if (v[i] instanceof Double d) v[i] = d * 2 + 1;
            else if (v[i] instanceof String s) v[i] = s + " (updated)";
            else if (v[i] == null && schema.fields()[i].dataType() == DataTypes.DoubleType)
                v[i] = 7.25;
        }
        return RowFactory.create(v);
    }

    @Test
    void everyTableExportsTheBytesSparkWroteAtTheLatestAndAnOlderVersion() throws IOException {
        for (Table t : Table.values()) {
            for (Exporter.Format f : Exporter.Format.values()) {
                for (long version : t == Table.EQUITY ? new long[] {-1} : new long[] {-1, 0}) {
                    String name = t.name() + "-" + version + "." + f;
                    Path spark = out.resolve("spark-" + name);
                    Path kernel = out.resolve("kernel-" + name);
                    long sparkRows = sparkExport(t, version, f, spark);
                    long kernelRows = new Exporter(lake).export(t, version, f, kernel);
                    assertThat(kernelRows).as(name).isEqualTo(sparkRows);
                    if (t != Table.EQUITY) {
                        assertThat(kernelRows).as(name).isEqualTo(version < 0 ? 60 : 40);
                    }
                    assertThat(Files.readString(kernel))
                            .as(name)
                            .isEqualTo(Files.readString(spark));
                    assertThat(kernel.resolveSibling(kernel.getFileName() + ".part"))
                            .doesNotExist();
                }
            }
        }
    }

    @Test
    void aVersionThatDoesNotExistIsOneClearError() {
        assertThatThrownBy(
                        () ->
                                new Exporter(lake)
                                        .export(
                                                Table.BARS,
                                                9,
                                                Exporter.Format.CSV,
                                                out.resolve("x.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("silver/bars has no version 9 (latest: 1");
    }

    /** What {@code export} ran before: Spark reads, sorts, writes one part file, moves it. */
    private static long sparkExport(Table table, long version, Exporter.Format format, Path out) {
        Dataset<Row> df = version < 0 ? store.read(table) : store.read(table, version);
        String[] key = table.key().toArray(new String[0]);
        df = df.orderBy(key[0], Arrays.copyOfRange(key, 1, key.length));
        long rows = df.count();
        Path target = out.toAbsolutePath();
        Path folder = target.resolveSibling(target.getFileName() + ".parts");
        var w = df.coalesce(1).write().mode("overwrite");
        if (format == Exporter.Format.CSV) {
            w.option("header", "true").csv(folder.toString());
        } else {
            w.json(folder.toString());
        }
        String ext = format == Exporter.Format.CSV ? ".csv" : ".json";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "part-*" + ext)) {
            Path part = null;
            for (Path p : ds) part = p;
            if (part == null) {
                Files.writeString(target, "");
            } else {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            TempDirs.deleteTree(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
