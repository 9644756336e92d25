package dev.algotrader.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta tables below one data root. Every write is a MERGE on the table's natural key: new keys
 * are inserted, existing keys are updated only when a value column differs (ignoring {@code
 * ingest_time}), so re-running a job on the same input changes no row. When no row is new or
 * changed nothing is written at all: no new Delta version, no rewritten file.
 */
public final class DeltaStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaStore.class);

    /** Columns that record when, not what: a difference there alone is no change. */
    private static final List<String> VOLATILE = List.of("ingest_time");

    /** Symbols of an input up to which {@link #onlyNewKeys} asks the log (one file scan each). */
    private static final int MAX_RANGES_CHECKED = 20;

    /** Marks a changed row whose key the table does not hold yet. */
    private static final String NEW = "_new_key";

    private final SparkSession spark;
    private final Path root;

    /** The engine-free reader of the same tables, for facts of the log (versions). */
    private LakeReader log;

    public DeltaStore(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root.toAbsolutePath();
    }

    public SparkSession spark() {
        return spark;
    }

    public Path root() {
        return root;
    }

    /** Folder of {@code table} below the data root. */
    public String path(Table table) {
        return path(table.path());
    }

    /** Folder of a table given by its relative path (for job-private tables such as state). */
    public String path(String relative) {
        return root.resolve(relative).toString();
    }

    /** Partition columns of a table as DESIGN.md lays them out. */
    public static List<String> partitionColumns(Table table) {
        return table == Table.BARS ? List.of("symbol", "date") : List.of();
    }

    public boolean exists(Table table) {
        return exists(table.path());
    }

    public boolean exists(String relative) {
        return DeltaTable.isDeltaTable(spark, path(relative));
    }

    /** The current table. */
    public Dataset<Row> read(Table table) {
        return read(table.path());
    }

    public Dataset<Row> read(String relative) {
        requireExists(relative);
        return spark.read().format("delta").load(path(relative));
    }

    /** The table as of {@code version} (time travel). */
    public Dataset<Row> read(Table table, long version) {
        requireExists(table.path());
        return spark.read().format("delta").option("versionAsOf", version).load(path(table));
    }

    /** Latest committed version, or -1 when the table does not exist. */
    public long version(Table table) {
        return version(table.path());
    }

    public long version(String relative) {
        // from the log through Delta Kernel: DeltaTable.history(1) ran a Spark job (4 tasks)
        // for it, three times per features or labels run
        return log().version(relative);
    }

    /**
     * The distinct values of a partition column of {@code version} of a table, sorted, from the log
     * alone (e.g. the symbols of {@code silver/bars}).
     */
    public List<String> partitionValues(Table table, long version, String column) {
        requireExists(table.path());
        return log().partitionValues(table.path(), version, column);
    }

    private synchronized LakeReader log() {
        if (log == null) log = new LakeReader(root);
        return log;
    }

    /** Data files of the current version of a table and their total size (Delta's detail). */
    public Files files(Table table) {
        requireExists(table.path());
        Row d = DeltaTable.forPath(spark, path(table)).detail().first();
        return new Files(d.<Long>getAs("numFiles"), d.<Long>getAs("sizeInBytes"));
    }

    /** The data files of a table version: how many and their bytes. */
    public record Files(long count, long bytes) {
        /** Size in MB (10^6 bytes). */
        public double megabytes() {
            return bytes / 1e6;
        }
    }

    /** MERGE {@code rows} into {@code table} on its natural key (created on first write). */
    public MergeResult merge(Table table, Dataset<Row> rows) {
        return merge(table.path(), table.key(), partitionColumns(table), rows);
    }

    /**
     * MERGE on {@code key}; {@code rows} must be unique on the key. Creates the table (with {@code
     * partitionBy}) when it does not exist yet.
     */
    public MergeResult merge(
            String relative, List<String> key, List<String> partitionBy, Dataset<Row> rows) {
        String p = path(relative);
        if (!exists(relative)) {
            rows.write()
                    .format("delta")
                    .mode("errorifexists")
                    .partitionBy(partitionBy.toArray(new String[0]))
                    .save(p);
            long v = version(relative);
            LOG.info("created {} at version {}", relative, v);
            return new MergeResult(relative, v);
        }
        // only the key range the input touches is read and matched (file skipping on ts stats)
        List<Row> ranges = symbolRanges(key, rows);
        if (ranges != null && ranges.isEmpty()) {
            // no input row: nothing can change (the join below would read the whole table)
            long v = version(relative);
            LOG.info("{}: no input rows, nothing written (version {})", relative, v);
            return new MergeResult(relative, v);
        }
        if (onlyNewKeys(relative, ranges, rows)) {
            // no stored file can hold an input key (log statistics): the join below would mark
            // every row new, and the append it would lead to is written without it
            return appendNewKeys(relative, rows, "no stored file in their range");
        }
        DeltaTable target = DeltaTable.forPath(spark, p);
        String range = keyRange(ranges, target.toDF().columns(), partitionBy);
        Dataset<Row> stored = range == null ? target.toDF() : target.toDF().as("t").filter(range);
        Dataset<Row> marked = changedRows(stored, key, rows);
        Dataset<Row> changes;
        if (marked == null) {
            changes = rows; // new columns: every row goes through the MERGE (schema evolution)
        } else {
            marked = marked.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                Row n = marked.agg(count("*"), sum(when(col(NEW), 0L).otherwise(1L))).first();
                if (n.getLong(0) == 0) {
                    long v = version(relative);
                    LOG.info("{}: no row changes, nothing written (version {})", relative, v);
                    return new MergeResult(relative, v);
                }
                if (n.getLong(1) == 0) {
                    // only new keys: an append commits what the MERGE would, without its scans
                    return appendNewKeys(
                            relative, marked.drop(NEW), n.getLong(0) + " rows, none stored");
                }
                changes = marked.drop(NEW);
                return mergeChanges(relative, target, key, range, rows, changes);
            } finally {
                marked.unpersist();
            }
        }
        return mergeChanges(relative, target, key, range, rows, changes);
    }

    private MergeResult mergeChanges(
            String relative,
            DeltaTable target,
            List<String> key,
            String range,
            Dataset<Row> rows,
            Dataset<Row> changes) {
        String on =
                key.stream()
                        .map(k -> "t.`" + k + "` = s.`" + k + "`")
                        .collect(Collectors.joining(" AND "));
        if (range != null) on = "(" + range + ") AND " + on;
        List<String> changed =
                changeConditions(rows.schema(), key, List.of(target.toDF().columns()));
        var builder = target.as("t").merge(changes.as("s"), on).withSchemaEvolution();
        if (!changed.isEmpty()) {
            builder = builder.whenMatched(String.join(" OR ", changed)).updateAll();
        }
        builder.whenNotMatched().insertAll().execute();
        long v = version(relative);
        LOG.info("merged into {} -> version {}", relative, v);
        return new MergeResult(relative, v);
    }

    /**
     * True when every input row's key is new for certain: the input has the table's columns only,
     * few symbols, no null symbol or ts, and for each symbol no stored file's statistics (or
     * footer) admit a row of that symbol in the input's ts range.
     */
    private boolean onlyNewKeys(String relative, List<Row> ranges, Dataset<Row> rows) {
        if (ranges == null || ranges.size() > MAX_RANGES_CHECKED) return false;
        List<String> stored = log().schema(relative).fieldNames();
        for (String c : rows.columns()) {
            if (!stored.contains(c)) return false; // schema evolution goes through the MERGE
        }
        List<LakeFilter> filters = new ArrayList<>();
        for (Row r : ranges) {
            if (r.isNullAt(0) || r.isNullAt(1) || r.isNullAt(2) || r.getLong(2) == Long.MAX_VALUE) {
                return false;
            }
            filters.add(
                    LakeFilter.all()
                            .eq("symbol", r.getString(0))
                            .range("ts", r.getLong(1), r.getLong(2) + 1));
        }
        return !log().mayHaveRows(relative, filters);
    }

    /** Appends rows whose keys the table does not hold ({@code why} says how that is known). */
    private MergeResult appendNewKeys(String relative, Dataset<Row> rows, String why) {
        rows.write().format("delta").mode("append").save(path(relative));
        long v = version(relative);
        LOG.info("appended new keys to {} ({}) -> version {}", relative, why, v);
        return new MergeResult(relative, v);
    }

    /**
     * Per symbol of {@code rows} its (symbol, min ts, max ts), or null when the key has no symbol
     * and ts.
     */
    private static List<Row> symbolRanges(List<String> key, Dataset<Row> rows) {
        if (!key.contains("symbol") || !key.contains("ts")) return null;
        return rows.groupBy("symbol")
                .agg(
                        org.apache.spark.sql.functions.min("ts"),
                        org.apache.spark.sql.functions.max("ts"))
                .collectAsList();
    }

    /**
     * A predicate on the target ({@code t.}) covering exactly the (symbol, ts) {@code ranges} of
     * the input ({@link #symbolRanges}), or null when there are none or too many. Every input key
     * lies inside it, so restricting the target to it changes no match; it lets Delta skip the
     * files (ts min/max statistics) and partitions (a {@code date} partition column) outside it.
     */
    private static String keyRange(
            List<Row> ranges, String[] targetCols, List<String> partitionBy) {
        if (ranges == null || ranges.isEmpty() || ranges.size() > 200) return null;
        boolean byDate = partitionBy.contains("date") && List.of(targetCols).contains("date");
        List<String> parts = new ArrayList<>();
        for (Row r : ranges) {
            if (r.isNullAt(0) || r.isNullAt(1) || r.getString(0).matches(".*['\\\\].*")) {
                return null; // no quoting games: such a symbol is merged without the range
            }
            long lo = r.getLong(1), hi = r.getLong(2);
            String c =
                    "t.`symbol` = '" + r.getString(0) + "' AND t.`ts` BETWEEN " + lo + " AND " + hi;
            if (byDate) {
                c += " AND t.`date` BETWEEN '" + day(lo) + "' AND '" + day(hi) + "'";
            }
            parts.add("(" + c + ")");
        }
        return String.join(" OR ", parts);
    }

    private static String day(long millis) {
        return java.time.Instant.ofEpochMilli(millis)
                .atZone(java.time.ZoneOffset.UTC)
                .toLocalDate()
                .toString();
    }

    /** "a value column differs" per non-key, non-volatile column of {@code schema}. */
    private static List<String> changeConditions(
            StructType schema, List<String> key, List<String> stored) {
        List<String> changed = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (key.contains(f.name()) || VOLATILE.contains(f.name())) continue;
            // a column the table does not have yet (schema evolution): any value is a change
            changed.add(
                    stored.contains(f.name())
                            ? "NOT (t.`" + f.name() + "` <=> s.`" + f.name() + "`)"
                            : "s.`" + f.name() + "` IS NOT NULL");
        }
        return changed;
    }

    /**
     * The rows of {@code rows} that are new or differ from the stored row of their key (a rerun on
     * the same input yields none, so no Delta version is committed), marked {@link #NEW} when no
     * stored row has their key, or null when {@code rows} has columns the table lacks (all rows
     * must then be merged to add them).
     */
    private static Dataset<Row> changedRows(
            Dataset<Row> stored, List<String> key, Dataset<Row> rows) {
        List<String> storedCols = List.of(stored.columns());
        for (String c : rows.columns()) {
            if (!storedCols.contains(c)) return null;
        }
        String on =
                key.stream()
                        .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
                        .collect(Collectors.joining(" AND "));
        List<String> differs = changeConditions(rows.schema(), key, storedCols);
        differs.add(0, "t.`" + key.get(0) + "` IS NULL");
        return rows.as("s")
                .join(stored.as("t"), org.apache.spark.sql.functions.expr(on), "left")
                .filter(String.join(" OR ", differs))
                .select(col("s.*"), col("t.`" + key.get(0) + "`").isNull().as(NEW));
    }

    private void requireExists(String relative) {
        if (!exists(relative)) {
            throw MissingTableException.of(relative, root);
        }
    }

    /** The table and its Delta version after a write. */
    public record MergeResult(String table, long version) {}
}
