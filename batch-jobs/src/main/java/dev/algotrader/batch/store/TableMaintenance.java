package dev.algotrader.batch.store;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.batch.features.FeaturesJob;
import dev.algotrader.batch.labels.LabelsJob;
import dev.algotrader.core.progress.Progress;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code algo-trader maintain}: table care for every Delta table below the data root. OPTIMIZE
 * compacts the small files that many incremental MERGEs leave, Z-ordered by {@code symbol} and
 * {@code ts} where the table has them (Delta 3.3's {@code OPTIMIZE … ZORDER BY}; a partition column
 * such as {@code silver/bars}' symbol is left out, Delta refuses it), so that a read of one symbol
 * and time range skips most files. VACUUM then deletes the files no version within the retention
 * still needs. A retention under {@link #SAFE_RETENTION} (7 days, Delta's own safety default) is
 * refused unless forced: it can break a reader or writer still on an older version, and removes the
 * time travel to versions older than the retention.
 */
public final class TableMaintenance {

    /** The shortest retention VACUUM accepts without {@code force}. */
    public static final Duration SAFE_RETENTION = Duration.ofDays(7);

    private static final String RETENTION_CHECK =
            "spark.databricks.delta.retentionDurationCheck.enabled";

    private TableMaintenance() {}

    /** One table's files before OPTIMIZE, after it, and after VACUUM (files on disk removed). */
    public record TableResult(
            String table,
            List<String> zorderBy,
            long filesBefore,
            long filesAfter,
            long bytesBefore,
            long bytesAfter,
            long vacuumed) {}

    /** Every table this project writes: the shared tables and the jobs' state tables. */
    public static List<String> tables() {
        List<String> out = new ArrayList<>();
        for (Table t : Table.values()) out.add(t.path());
        out.add(FeaturesJob.STATE_TABLE);
        out.add(LabelsJob.STATE_TABLE);
        return out;
    }

    /**
     * Optimizes and vacuums every existing table with {@code retention}; {@code force} allows a
     * retention under {@link #SAFE_RETENTION}. {@code vacuum = false} only optimizes.
     */
    public static List<TableResult> run(
            DeltaStore store, Duration retention, boolean force, boolean vacuum) {
        checkRetention(retention, force, vacuum);
        SparkSession spark = store.spark();
        List<TableResult> out = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (String t : tables()) if (store.exists(t)) tables.add(t);
        Progress.step("optimize and vacuum", tables.size(), "tables");
        for (String t : tables) {
            out.add(one(store, spark, t, retention, vacuum));
            Progress.advance(1);
        }
        return out;
    }

    /**
     * Fails with a {@link BadInputException} (a user error, no stack trace on the console) when
     * {@code retention} is negative, or under {@link #SAFE_RETENTION} for a VACUUM without {@code
     * force}. Needs no Spark: the command calls it before it starts a session.
     */
    public static void checkRetention(Duration retention, boolean force, boolean vacuum) {
        if (retention.isNegative()) throw new BadInputException("retention must not be negative");
        if (vacuum && retention.compareTo(SAFE_RETENTION) < 0 && !force) {
            throw new BadInputException(
                    "VACUUM retention "
                            + human(retention)
                            + " is under the safe minimum of 7 days: files an older version (time"
                            + " travel) or a running reader still uses would be deleted. Use"
                            + " --retain 7d or more, or --force if no job reads the tables now");
        }
    }

    private static TableResult one(
            DeltaStore store, SparkSession spark, String table, Duration retention, boolean vac) {
        DeltaTable dt = DeltaTable.forPath(spark, store.path(table));
        DeltaStore.Files before = files(dt);
        List<String> cols = List.of(dt.toDF().columns());
        List<String> partitions = partitionColumns(dt);
        List<String> zorder = new ArrayList<>();
        for (String c : List.of("symbol", "ts")) {
            if (cols.contains(c) && !partitions.contains(c)) zorder.add(c);
        }
        if (zorder.isEmpty()) {
            dt.optimize().executeCompaction();
        } else {
            dt.optimize().executeZOrderBy(zorder.toArray(new String[0]));
        }
        DeltaStore.Files after = files(DeltaTable.forPath(spark, store.path(table)));
        long vacuumed = 0;
        if (vac) {
            long onDisk = dataFilesOnDisk(store, table);
            String old = spark.conf().get(RETENTION_CHECK, "true");
            spark.conf().set(RETENTION_CHECK, "false"); // the command checked the retention
            try {
                dt.vacuum(retention.toMillis() / 3_600_000.0);
            } finally {
                spark.conf().set(RETENTION_CHECK, old);
            }
            vacuumed = onDisk - dataFilesOnDisk(store, table);
        }
        return new TableResult(
                table,
                zorder,
                before.count(),
                after.count(),
                before.bytes(),
                after.bytes(),
                vacuumed);
    }

    private static List<String> partitionColumns(DeltaTable dt) {
        org.apache.spark.sql.Row d = dt.detail().first();
        return d.getList(d.fieldIndex("partitionColumns"));
    }

    /** The data files of the table's current version (Delta's detail). */
    private static DeltaStore.Files files(DeltaTable dt) {
        org.apache.spark.sql.Row d = dt.detail().first();
        return new DeltaStore.Files(d.<Long>getAs("numFiles"), d.<Long>getAs("sizeInBytes"));
    }

    /** Parquet files below the table's folder, whether a version still uses them or not. */
    static long dataFilesOnDisk(DeltaStore store, String table) {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(store.path(table)))) {
            return files.filter(p -> p.toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("_delta_log"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String human(Duration d) {
        if (d.toHours() % 24 == 0 && d.toHours() > 0) return d.toDays() + "d";
        if (d.toMinutes() % 60 == 0) return d.toHours() + "h";
        return d.toString();
    }
}
