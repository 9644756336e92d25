package dev.algotrader.lake;

import dev.algotrader.schema.Column;
import dev.algotrader.schema.Table;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small engine-free writes through Delta Kernel: a blind append of new rows to an existing,
 * unpartitioned table whose schema is exactly the table's fixed columns. It is what a MERGE on the
 * natural key does when no key of the rows is in the table yet (a backtest's rows carry a fresh run
 * id) and is only used then: {@link #canAppend} checks the table, the schema, that the rows are
 * unique on the key and that no stored row has the same leading key value (e.g. the run id). In
 * every other case the caller MERGEs on Spark ({@link DeltaStore#merge}).
 */
public final class LakeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(LakeWriter.class);

    private final LakeReader reader;
    private final Engine engine;

    public LakeWriter(LakeReader reader) {
        this.reader = reader;
        this.engine = reader.engine();
    }

    /**
     * True when appending {@code rows} (values in {@link Table#columns()} order) equals a MERGE on
     * the key: the table exists, is unpartitioned with exactly the fixed columns, the rows are
     * unique on the key, and no stored row has the rows' leading key value (all rows share it).
     */
    public boolean canAppend(Table table, List<Object[]> rows) {
        if (rows.isEmpty() || !appendable(table)) return false;
        List<Column> cols = table.columns();
        List<Integer> key = table.key().stream().map(k -> indexOf(cols, k)).toList();
        Object lead = rows.get(0)[key.get(0)];
        Set<List<Object>> seen = new HashSet<>();
        for (Object[] r : rows) {
            if (!lead.equals(r[key.get(0)])) return false;
            List<Object> k = new java.util.ArrayList<>();
            for (int i : key) k.add(r[i]);
            if (!seen.add(k)) return false;
        }
        String leadColumn = table.key().get(0);
        long stored =
                reader.read(
                                table.path(),
                                LakeFilter.all().eq(leadColumn, lead),
                                List.of(leadColumn))
                        .size();
        return stored == 0;
    }

    /**
     * True when {@link #append} can write to {@code table}: it exists, is unpartitioned and its
     * schema is exactly the table's fixed columns. Whether an append equals the MERGE the caller
     * would otherwise run is for the caller to show ({@link #canAppend} does it for a fresh leading
     * key value).
     */
    public boolean appendable(Table table) {
        if (!reader.exists(table)) return false;
        if (!DeltaStore.partitionColumns(table).isEmpty()) return false;
        StructType schema = reader.schema(table.path());
        List<Column> cols = table.columns();
        if (schema.length() != cols.size()) return false;
        for (int i = 0; i < cols.size(); i++) {
            StructField f = schema.at(i);
            if (!f.getName().equals(cols.get(i).name())) return false;
            if (!f.getDataType().equals(kernelType(cols.get(i).type()))) return false;
        }
        return true;
    }

    /** Appends {@code rows} as one commit; returns the new version. Check {@link #canAppend}. */
    public long append(Table table, List<Object[]> rows) {
        return HadoopXml.hidden(
                () -> commit(table, reader.schema(table.path()), rows, Operation.WRITE, false));
    }

    /**
     * True when {@link #create} can make {@code table}: it does not exist yet, is unpartitioned and
     * every fixed column has a type Kernel writes here.
     */
    public boolean creatable(Table table) {
        if (reader.exists(table) || !DeltaStore.partitionColumns(table).isEmpty()) return false;
        return table.columns().stream().allMatch(c -> kernelType(c.type()) != null);
    }

    /**
     * Creates {@code table} with {@code rows} (values in {@link Table#columns()} order) in its
     * first commit (version 0), as Spark's {@code df.write.format("delta").save(path)} creates it:
     * the fixed columns, every one nullable (Delta stores a written schema as nullable), no
     * partition columns, no table properties, reader 1 / writer 2. Check {@link #creatable}.
     */
    public long create(Table table, List<Object[]> rows) {
        if (!creatable(table)) {
            throw new IllegalStateException(
                    table.path() + " exists or is partitioned: it is not created through Kernel");
        }
        List<StructField> fields = new java.util.ArrayList<>();
        for (Column c : table.columns()) {
            fields.add(new StructField(c.name(), kernelType(c.type()), true));
        }
        StructType schema = new StructType(fields);
        return HadoopXml.hidden(() -> commit(table, schema, rows, Operation.CREATE_TABLE, true));
    }

    private long commit(
            Table table, StructType schema, List<Object[]> rows, Operation op, boolean create) {
        ColumnarBatch batch = new Batch(schema, rows);
        io.delta.kernel.Table t =
                io.delta.kernel.Table.forPath(engine, reader.path(table.path()).toString());
        TransactionBuilder tb =
                t.createTransactionBuilder(engine, "algo-trader (Delta Kernel)", op);
        if (create) tb = tb.withSchema(engine, schema).withPartitionColumns(engine, List.of());
        Transaction txn = tb.build(engine);
        Row state = txn.getTransactionState(engine);
        CloseableIterator<FilteredColumnarBatch> data =
                Transaction.transformLogicalData(
                        engine,
                        state,
                        io.delta.kernel.internal.util.Utils.singletonCloseableIterator(
                                new FilteredColumnarBatch(batch, Optional.empty())),
                        Map.of());
        DataWriteContext ctx = Transaction.getWriteContext(engine, state, Map.of());
        try {
            CloseableIterator<DataFileStatus> files =
                    engine.getParquetHandler()
                            .writeParquetFiles(
                                    ctx.getTargetDirectory(), data, statisticsColumns(schema));
            CloseableIterator<Row> actions =
                    Transaction.generateAppendActions(
                            engine, state, files.map(FileStatistics::complete), ctx);
            TransactionCommitResult done =
                    txn.commit(engine, CloseableIterable.inMemoryIterable(actions));
            if (done.isReadyForCheckpoint()) checkpoint(t, table, done.getVersion());
            return done.getVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot " + (create ? "create " : "append to ") + table.path(), e);
        }
    }

    /**
     * Writes the checkpoint of {@code version}, as Spark does after its commits: Kernel commits
     * write none by themselves, and without one every read replays the whole JSON log (a table
     * appended to by every backtest got slower to read with every run). Kernel says when the table
     * is due ({@code delta.checkpointInterval}, default every 10th version). The commit is already
     * durable, so a checkpoint that fails (or that a concurrent writer made first) only leaves the
     * log as long as it was; it is logged, not thrown.
     */
    private void checkpoint(io.delta.kernel.Table t, Table table, long version) {
        try {
            t.checkpoint(engine, version);
        } catch (CheckpointAlreadyExistsException e) {
            // another writer checkpointed this version: nothing to do
        } catch (IOException | RuntimeException e) {
            LOG.warn("no checkpoint written for {} version {}: {}", table.path(), version, e);
        }
    }

    /**
     * The columns whose min/max/null count go into the log, as Spark collects them (the first
     * {@value #STATS_COLUMNS} columns). Kernel 3.3's write context asks for none, and a file
     * without them cannot be skipped: every read of one run's rows (status, a backtest's {@link
     * #canAppend} check) read every run's files of {@code trading/*} in full.
     */
    private static List<io.delta.kernel.expressions.Column> statisticsColumns(StructType schema) {
        return schema.fieldNames().stream()
                .limit(STATS_COLUMNS)
                .map(io.delta.kernel.expressions.Column::new)
                .toList();
    }

    /** Delta's default {@code delta.dataSkippingNumIndexedCols}. */
    private static final int STATS_COLUMNS = 32;

    private static int indexOf(List<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equals(name)) return i;
        throw new IllegalArgumentException("no key column " + name);
    }

    /** The Kernel type of a logical column type (the types trading tables use). */
    static DataType kernelType(Column.Type t) {
        return switch (t) {
            case STRING -> StringType.STRING;
            case LONG -> LongType.LONG;
            case INT -> IntegerType.INTEGER;
            case DOUBLE -> DoubleType.DOUBLE;
            case BOOLEAN -> BooleanType.BOOLEAN;
            default -> null;
        };
    }

    /** Rows as a columnar batch (values by position, boxed). */
    private record Batch(StructType schema, List<Object[]> rows) implements ColumnarBatch {
        @Override
        public StructType getSchema() {
            return schema;
        }

        @Override
        public ColumnVector getColumnVector(int ordinal) {
            return new Vector(schema.at(ordinal).getDataType(), rows, ordinal);
        }

        @Override
        public int getSize() {
            return rows.size();
        }
    }

    private record Vector(DataType type, List<Object[]> rows, int col) implements ColumnVector {
        @Override
        public DataType getDataType() {
            return type;
        }

        @Override
        public int getSize() {
            return rows.size();
        }

        @Override
        public void close() {}

        @Override
        public boolean isNullAt(int i) {
            return rows.get(i)[col] == null;
        }

        @Override
        public boolean getBoolean(int i) {
            return (Boolean) rows.get(i)[col];
        }

        @Override
        public int getInt(int i) {
            return ((Number) rows.get(i)[col]).intValue();
        }

        @Override
        public long getLong(int i) {
            return ((Number) rows.get(i)[col]).longValue();
        }

        @Override
        public double getDouble(int i) {
            return ((Number) rows.get(i)[col]).doubleValue();
        }

        @Override
        public String getString(int i) {
            return (String) rows.get(i)[col];
        }
    }
}
