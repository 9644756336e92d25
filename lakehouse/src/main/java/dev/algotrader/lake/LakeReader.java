package dev.algotrader.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarRow;
import dev.algotrader.schema.Table;
import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the Delta tables below one data root without Spark, through Delta Kernel (the Delta
 * project's engine-free reader): the rows of a table that pass a {@link LakeFilter}, and a table's
 * facts (version, data files, bytes, rows) from its log alone. What the interactive commands use,
 * so they answer in seconds; jobs that transform data keep using {@link DeltaStore} on Spark.
 *
 * <p>A file written before a column was added (schema evolution, e.g. {@code volume_known}) reads
 * null there, as Spark does. Deletion vectors are applied. Tables with column mapping are not read
 * (none of the platform's tables uses it); the error names the table.
 */
public final class LakeReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Configuration conf;
    private final Engine engine;

    public LakeReader(Path root) {
        this.root = root.toAbsolutePath();
        // no XML resources (core-default.xml, core-site.xml; parsing them cost a tenth of the CPU
        // of `status`): the local file system is found by its service entry, and the one default
        // a Kernel commit needs (the FileContext the log store renames with) is set here
        this.conf = new Configuration(false);
        conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.LocalFs");
        this.engine = DefaultEngine.create(conf);
    }

    public Path root() {
        return root;
    }

    /** The Kernel engine (shared with {@link LakeWriter}). */
    Engine engine() {
        return engine;
    }

    /** Folder of a table below the data root. */
    public Path path(String relative) {
        return root.resolve(relative);
    }

    public boolean exists(Table table) {
        return exists(table.path());
    }

    /** True when the folder holds a Delta log with at least one commit or checkpoint. */
    public boolean exists(String relative) {
        Path log = path(relative).resolve("_delta_log");
        if (!Files.isDirectory(log)) return false;
        try (Stream<Path> s = Files.list(log)) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".json") || n.endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + log, e);
        }
    }

    /** Version, data files, bytes and rows of the current version, from the log alone. */
    public record Facts(long version, long files, long bytes, long rows) {
        /** Size in MB (10^6 bytes). */
        public double megabytes() {
            return bytes / 1e6;
        }

        /** True when every data file carried its row count in the log. */
        public boolean rowsKnown() {
            return rows >= 0;
        }
    }

    /** Latest committed version, or -1 when the table does not exist. */
    public long version(Table table) {
        return version(table.path());
    }

    /** Latest committed version of a table given by its relative path, or -1 when none. */
    public long version(String relative) {
        if (!exists(relative)) return -1;
        return snapshot(relative).getVersion(engine);
    }

    public Facts facts(Table table) {
        return facts(table.path());
    }

    /**
     * The facts of a table: rows are the sum of the {@code numRecords} statistics Delta writes per
     * file (minus rows a deletion vector removes); -1 when a file has none.
     */
    public Facts facts(String relative) {
        return HadoopXml.hidden(() -> factsOf(relative));
    }

    private Facts factsOf(String relative) {
        Snapshot snap = snapshot(relative);
        Scan scan = snap.getScanBuilder(engine).build();
        long files = 0, bytes = 0, rows = 0;
        boolean rowsKnown = true;
        try (CloseableIterator<FilteredColumnarBatch> it =
                ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(engine, true)) {
            while (it.hasNext()) {
                try (CloseableIterator<Row> r = it.next().getRows()) {
                    while (r.hasNext()) {
                        Row scanFile = r.next();
                        files++;
                        bytes += InternalScanFileUtils.getAddFileStatus(scanFile).getSize();
                        long n = numRecords(scanFile);
                        if (n < 0) rowsKnown = false;
                        rows += n;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + relative, e);
        }
        return new Facts(snap.getVersion(engine), files, bytes, rowsKnown ? rows : -1);
    }

    /**
     * The distinct values of partition column {@code column} in {@code version} (-1 = the latest),
     * sorted, from the log alone (no data file is read); null values are left out.
     */
    public List<String> partitionValues(String relative, long version, String column) {
        return HadoopXml.hidden(() -> partitionValuesOf(relative, version, column));
    }

    private List<String> partitionValuesOf(String relative, long version, String column) {
        Snapshot snap = snapshot(relative, version);
        Scan scan = snap.getScanBuilder(engine).build();
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        try (CloseableIterator<FilteredColumnarBatch> it =
                ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(engine, false)) {
            while (it.hasNext()) {
                try (CloseableIterator<Row> r = it.next().getRows()) {
                    while (r.hasNext()) {
                        String v = InternalScanFileUtils.getPartitionValues(r.next()).get(column);
                        if (v != null) out.add(v);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + relative, e);
        }
        return new ArrayList<>(out);
    }

    /** True when the file's log entry has min/max statistics (Kernel skipped on them). */
    private static boolean hasMinMax(Row scanFile) {
        Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
        int at = add.getSchema().indexOf("stats");
        return at >= 0 && !add.isNullAt(at) && add.getString(at).contains("\"minValues\"");
    }

    private static long numRecords(Row scanFile) {
        Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
        int at = add.getSchema().indexOf("stats");
        if (at < 0 || add.isNullAt(at)) return -1;
        try {
            JsonNode n = JSON.readTree(add.getString(at)).get("numRecords");
            if (n == null || !n.canConvertToLong()) return -1;
            DeletionVectorDescriptor dv =
                    InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
            return n.asLong() - (dv == null ? 0 : dv.getCardinality());
        } catch (IOException e) {
            return -1;
        }
    }

    /** The rows of {@code table} that pass {@code filter}, with all columns. */
    public List<LakeRow> read(Table table, LakeFilter filter) {
        return read(table.path(), filter, null);
    }

    /** The rows that pass {@code filter}, with {@code columns} (null = all) in that order. */
    public List<LakeRow> read(String relative, LakeFilter filter, List<String> columns) {
        List<LakeRow> out = new ArrayList<>();
        scan(relative, filter, columns, out::add);
        return out;
    }

    /**
     * The complete bars (a bar whose interval was still open when its input ended waits for the
     * ingest that completes it) of {@code interval} and {@code symbols} in {@code [from, to)} (null
     * = open), in table order; sort them as you need.
     */
    public List<Bar> completeBars(String interval, List<String> symbols, Long from, Long to) {
        LakeFilter f = LakeFilter.all().eq("interval", interval).range("ts", from, to);
        if (symbols != null) f = f.in("symbol", symbols);
        List<String> cols = new ArrayList<>(BarRow.COLUMNS);
        boolean hasComplete = schema(Table.BARS.path()).indexOf("complete") >= 0;
        if (hasComplete) cols.add("complete");
        List<Bar> out = new ArrayList<>();
        scan(
                Table.BARS.path(),
                f,
                cols,
                r -> {
                    if (hasComplete && Boolean.FALSE.equals(r.get("complete"))) return;
                    out.add(BarRow.read(r));
                });
        return out;
    }

    /** The table's current schema. */
    public StructType schema(String relative) {
        return snapshot(relative).getSchema(engine);
    }

    /** The schema of {@code version} of a table (-1 = the latest). */
    public StructType schema(String relative, long version) {
        return snapshot(relative, version).getSchema(engine);
    }

    /**
     * False only when no data file of the table's current version can hold a row that passes any of
     * {@code filters}: each file is skipped by its log statistics or, lacking them, by its Parquet
     * footer. One snapshot serves every filter; no data is read; true whenever a file may match.
     */
    public boolean mayHaveRows(String relative, List<LakeFilter> filters) {
        return HadoopXml.hidden(() -> mayHaveRowsOf(relative, filters));
    }

    private boolean mayHaveRowsOf(String relative, List<LakeFilter> filters) {
        Snapshot snap = snapshot(relative);
        StructType schema = snap.getSchema(engine);
        for (LakeFilter filter : filters) {
            ScanBuilder sb = snap.getScanBuilder(engine);
            Optional<io.delta.kernel.expressions.Predicate> p = filter.predicate(schema);
            if (p.isPresent()) sb = sb.withFilter(engine, p.get());
            if (anyFileMayMatch(relative, sb.build(), filter)) return true;
        }
        return false;
    }

    private boolean anyFileMayMatch(String relative, Scan scan, LakeFilter filter) {
        try (CloseableIterator<FilteredColumnarBatch> files =
                ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(engine, true)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> it = files.next().getRows()) {
                    while (it.hasNext()) {
                        Row scanFile = it.next();
                        if (hasMinMax(scanFile)) return true;
                        String path = InternalScanFileUtils.getAddFileStatus(scanFile).getPath();
                        if (!FooterStatistics.excludes(path, filter, conf)) return true;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + relative, e);
        }
        return false;
    }

    /** Streams the rows that pass {@code filter} to {@code sink} (columns null = all). */
    public void scan(
            String relative, LakeFilter filter, List<String> columns, Consumer<LakeRow> sink) {
        scan(relative, -1, filter, columns, sink);
    }

    /**
     * Streams the rows of {@code version} (time travel; -1 = the latest) that pass {@code filter}
     * to {@code sink} (columns null = all).
     */
    public void scan(
            String relative,
            long version,
            LakeFilter filter,
            List<String> columns,
            Consumer<LakeRow> sink) {
        HadoopXml.hidden(() -> scanOf(relative, version, filter, columns, sink));
    }

    private void scanOf(
            String relative,
            long version,
            LakeFilter filter,
            List<String> columns,
            Consumer<LakeRow> sink) {
        Snapshot snap = snapshot(relative, version);
        StructType schema = snap.getSchema(engine);
        List<String> wanted = columns == null ? schema.fieldNames() : columns;
        List<String> read = new ArrayList<>(wanted);
        for (String c : filter.columns()) if (!read.contains(c)) read.add(c);
        List<StructField> fields = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (String c : read) {
            int i = schema.indexOf(c);
            if (i < 0) {
                throw new IllegalArgumentException(
                        relative
                                + " has no column "
                                + c
                                + " (columns: "
                                + schema.fieldNames()
                                + ")");
            }
            index.put(c, fields.size());
            fields.add(schema.at(i));
        }
        StructType readSchema = new StructType(fields);
        ScanBuilder sb = snap.getScanBuilder(engine).withReadSchema(engine, readSchema);
        Optional<io.delta.kernel.expressions.Predicate> p = filter.predicate(schema);
        if (p.isPresent()) sb = sb.withFilter(engine, p.get());
        Scan scan = sb.build();
        Row state = scan.getScanState(engine);
        List<String> partitions = snap.getPartitionColumnNames(engine);
        List<StructField> physical = new ArrayList<>();
        for (StructField f : fields) if (!partitions.contains(f.getName())) physical.add(f);
        StructType physicalSchema = new StructType(physical);
        Map<String, Integer> outIndex = Map.copyOf(index);
        int width = fields.size();
        // with each file's statistics, to tell the files Kernel could not skip for lack of them
        try (CloseableIterator<FilteredColumnarBatch> files =
                ((io.delta.kernel.internal.ScanImpl) scan).getScanFiles(engine, true)) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> it = files.next().getRows()) {
                    while (it.hasNext()) {
                        Row scanFile = it.next();
                        FileStatus fs = InternalScanFileUtils.getAddFileStatus(scanFile);
                        if (!hasMinMax(scanFile)
                                && FooterStatistics.excludes(fs.getPath(), filter, conf)) {
                            continue;
                        }
                        // a file with a deletion vector is read with its row index, which the
                        // Kernel needs to drop the deleted rows
                        StructType fileSchema =
                                InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile)
                                                == null
                                        ? physicalSchema
                                        : physicalSchema.add(StructField.METADATA_ROW_INDEX_COLUMN);
                        CloseableIterator<ColumnarBatch> data =
                                engine.getParquetHandler()
                                        .readParquetFiles(
                                                io.delta.kernel.internal.util.Utils
                                                        .singletonCloseableIterator(fs),
                                                fileSchema,
                                                Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, state, scanFile, data)) {
                            while (logical.hasNext()) {
                                emit(logical.next(), readSchema, outIndex, width, filter, sink);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    private static void emit(
            FilteredColumnarBatch fb,
            StructType readSchema,
            Map<String, Integer> index,
            int width,
            LakeFilter filter,
            Consumer<LakeRow> sink) {
        ColumnarBatch b = fb.getData();
        Optional<ColumnVector> sel = fb.getSelectionVector();
        ColumnVector[] cols = new ColumnVector[width];
        for (int c = 0; c < width; c++) {
            cols[c] = b.getColumnVector(b.getSchema().indexOf(readSchema.at(c).getName()));
        }
        for (int i = 0; i < b.getSize(); i++) {
            if (sel.isPresent()) {
                ColumnVector s = sel.get();
                if (s.isNullAt(i) || !s.getBoolean(i)) continue;
            }
            Object[] v = new Object[width];
            for (int c = 0; c < width; c++) v[c] = value(cols[c], i);
            LakeRow row = new LakeRow(index, v);
            if (filter.accepts(row)) sink.accept(row);
        }
    }

    /** The Java value of row {@code i} of a column vector (types as {@link LakeRow} lists). */
    static Object value(ColumnVector v, int i) {
        if (v.isNullAt(i)) return null;
        DataType t = v.getDataType();
        if (t instanceof StringType) return v.getString(i);
        if (t instanceof LongType) return v.getLong(i);
        if (t instanceof IntegerType) return v.getInt(i);
        if (t instanceof DoubleType) return v.getDouble(i);
        if (t instanceof BooleanType) return v.getBoolean(i);
        if (t instanceof FloatType) return (double) v.getFloat(i);
        if (t instanceof TimestampType) {
            long micros = v.getLong(i);
            return Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
        }
        if (t instanceof DateType) return LocalDate.ofEpochDay(v.getInt(i));
        if (t instanceof ArrayType a && a.getElementType() instanceof DoubleType) {
            var arr = v.getArray(i);
            ColumnVector e = arr.getElements();
            double[] d = new double[arr.getSize()];
            for (int k = 0; k < d.length; k++) d[k] = e.isNullAt(k) ? Double.NaN : e.getDouble(k);
            return d;
        }
        throw new IllegalArgumentException("unsupported column type " + t);
    }

    private Snapshot snapshot(String relative) {
        return snapshot(relative, -1);
    }

    private Snapshot snapshot(String relative, long version) {
        return HadoopXml.hidden(() -> snapshotOf(relative, version));
    }

    private Snapshot snapshotOf(String relative, long version) {
        if (!exists(relative)) throw MissingTableException.of(relative, root);
        io.delta.kernel.Table table;
        try {
            table = io.delta.kernel.Table.forPath(engine, path(relative).toString());
            if (version < 0) return table.getLatestSnapshot(engine);
        } catch (io.delta.kernel.exceptions.TableNotFoundException e) {
            throw MissingTableException.of(relative, root);
        }
        try {
            return table.getSnapshotAsOfVersion(engine, version);
        } catch (io.delta.kernel.exceptions.KernelException e) {
            long latest = table.getLatestSnapshot(engine).getVersion(engine);
            throw new IllegalArgumentException(
                    relative
                            + " has no version "
                            + version
                            + " (latest: "
                            + latest
                            + "; vacuumed or checkpointed-away versions cannot be read)",
                    e);
        }
    }
}
