package dev.algotrader.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the commits of {@code silver/bars} changed it. Ingest records in each commit's user
 * metadata, per series, the earliest {@code ts} it may have written ({@link #recording}); the
 * features and labels jobs read it back ({@link #since}) to know, without reading the bars, that no
 * bar at or before their saved state changed. A commit without that record (another writer) makes
 * the answer unknown, and the jobs check the bars themselves.
 */
public final class BarsChanges {

    private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    private static final String PREFIX = "algotrader.silver-from:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Commits that change no row. */
    private static final Set<String> NO_DATA_CHANGE =
            Set.of("OPTIMIZE", "VACUUM START", "VACUUM END");

    private BarsChanges() {}

    /** The key of a series in the maps of this class. */
    public static String key(String symbol, String interval) {
        return symbol + '\u0000' + interval;
    }

    /**
     * Runs {@code write} (one commit to {@code silver/bars}) with its commit recording that it
     * wrote no bar of the series of {@code written} before their {@code from}, and none of any
     * other series.
     */
    public static <T> T recording(
            SparkSession spark, List<SeriesRange> written, Supplier<T> write) {
        Map<String, Long> from = new HashMap<>();
        for (SeriesRange r : written)
            from.merge(key(r.symbol(), r.interval()), r.from(), Math::min);
        String old = spark.conf().getOption(USER_METADATA).getOrElse(() -> null);
        try {
            spark.conf().set(USER_METADATA, PREFIX + JSON.writeValueAsString(from));
            return write.get();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            if (old == null) spark.conf().unset(USER_METADATA);
            else spark.conf().set(USER_METADATA, old);
        }
    }

    /**
     * Per series, the earliest ts any commit of {@code silver/bars} after {@code version} up to
     * {@code current} may have changed (a series absent: none changed), or null when a commit in
     * between did not record it.
     */
    public static Map<String, Long> since(DeltaStore store, long version, long current) {
        Map<String, Long> out = new HashMap<>();
        if (current <= version) return current == version ? out : null;
        List<Row> commits =
                DeltaTable.forPath(store.spark(), store.path(Table.BARS))
                        .history((int) Math.min(Integer.MAX_VALUE, current - version))
                        .select("version", "operation", "userMetadata")
                        .collectAsList();
        long seen = 0;
        for (Row c : commits) {
            if (c.getLong(0) <= version || c.getLong(0) > current) continue;
            seen++;
            if (NO_DATA_CHANGE.contains(c.getString(1))) continue;
            String meta = c.isNullAt(2) ? null : c.getString(2);
            if (meta == null || !meta.startsWith(PREFIX)) return null;
            try {
                Map<String, Long> from =
                        JSON.readValue(meta.substring(PREFIX.length()), new TypeReference<>() {});
                for (var e : from.entrySet()) out.merge(e.getKey(), e.getValue(), Math::min);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return null;
            }
        }
        return seen == current - version ? out : null;
    }
}
