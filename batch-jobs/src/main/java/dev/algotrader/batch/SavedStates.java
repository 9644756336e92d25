package dev.algotrader.batch;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.algotrader.lake.DeltaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The check of a job's saved per-series states (features, labels) against {@code silver/bars}: a
 * state is valid when the bars at or before its {@code last_ts} are exactly the ones it saw. When
 * every commit of {@code silver/bars} since the state's version recorded where it wrote ({@link
 * BarsChanges}) and none wrote there, that holds without reading a bar; otherwise the bars up to
 * {@code last_ts} are counted and compared with {@code bars_seen}, as before.
 *
 * <p>The series a run must read in full (no valid state) are named, when that is known, so that the
 * read of {@code silver/bars} is a positive filter Delta prunes partitions and skips files with:
 * the series written since the newest saved state's bars version (every series the run at that
 * version saw without a state, it computed and saved, or it had nothing to compute), plus the
 * series whose saved state is invalid. A series unchanged since then without a state has nothing
 * new to compute. When it is not known (a state without a bars version, a commit without its
 * record), every series without a valid state is read, as before.
 *
 * @param valid keys ({@link BarsChanges#key}) of the valid states
 * @param lastTs {@code last_ts} per key of every saved state
 * @param maybeNew keys of the series that may need reading in full, or null when not known
 */
public record SavedStates(Set<String> valid, Map<String, Long> lastTs, Set<String> maybeNew) {

    /** One saved state: its series, last bar, bars up to it, and the bars version (or null). */
    public record Saved(
            String symbol, String interval, long lastTs, long barsSeen, Long barsVersion) {
        String key() {
            return BarsChanges.key(symbol, interval);
        }
    }

    /** Checks {@code saved} against {@code bars} (silver/bars at {@code barsVersion}). */
    public static SavedStates check(
            DeltaStore store, Dataset<Row> bars, long barsVersion, List<Saved> saved) {
        Set<String> valid = new HashSet<>();
        Map<String, Long> lastTs = new HashMap<>();
        Map<Long, Map<String, Long>> changes = new HashMap<>();
        List<Saved> count = new ArrayList<>();
        for (Saved s : saved) {
            lastTs.put(s.key(), s.lastTs());
            Map<String, Long> ch = null;
            if (s.barsVersion() != null) {
                long v = s.barsVersion();
                if (!changes.containsKey(v)) {
                    changes.put(v, BarsChanges.since(store, v, barsVersion));
                }
                ch = changes.get(v);
            }
            Long from = ch == null ? null : ch.get(s.key());
            if (ch != null && (from == null || from > s.lastTs())) valid.add(s.key());
            else count.add(s);
        }
        if (!count.isEmpty()) {
            List<SeriesRange> upTo = new ArrayList<>();
            for (Saved s : count) {
                upTo.add(
                        new SeriesRange(
                                s.symbol(), s.interval(), SeriesRange.OPEN_START, s.lastTs()));
            }
            Map<String, Long> seen = new HashMap<>();
            for (Row r :
                    bars.filter(SeriesRange.any(upTo))
                            .groupBy("symbol", "interval")
                            .count()
                            .collectAsList()) {
                seen.put(BarsChanges.key(r.getString(0), r.getString(1)), r.getLong(2));
            }
            for (Saved s : count) {
                Long now = seen.get(s.key());
                if (now != null && now == s.barsSeen()) valid.add(s.key());
            }
        }
        return new SavedStates(valid, lastTs, maybeNew(saved, changes));
    }

    /**
     * Keys of the series written since the newest saved bars version, and of every saved state;
     * null when a state has no bars version or the commits since do not say what they wrote.
     */
    private static Set<String> maybeNew(List<Saved> saved, Map<Long, Map<String, Long>> c) {
        if (saved.isEmpty() || saved.stream().anyMatch(s -> s.barsVersion() == null)) return null;
        long newest = saved.stream().mapToLong(Saved::barsVersion).max().getAsLong();
        // check() read the changes since every saved version, so since the newest too
        Map<String, Long> written = c.get(newest);
        if (written == null) return null;
        Set<String> keys = new HashSet<>(written.keySet());
        for (Saved s : saved) keys.add(s.key());
        return keys;
    }

    /**
     * The bars a job must read: of each series in {@code continued} those after {@code last_ts -
     * back}, of every other series all (of the others, only those {@link #maybeNew} names when it
     * is known). A filter Delta prunes partitions and skips files with.
     */
    public Column unseen(Set<String> continued, long back) {
        if (continued.isEmpty() && maybeNew == null) return lit(true);
        List<SeriesRange> after = new ArrayList<>();
        List<SeriesRange> series = new ArrayList<>();
        for (String k : continued) {
            String[] p = k.split("\u0000", 2);
            after.add(SeriesRange.from(p[0], p[1], lastTs.get(k) - back + 1));
            series.add(SeriesRange.all(p[0], p[1]));
        }
        if (maybeNew == null) return SeriesRange.any(after).or(not(SeriesRange.any(series)));
        for (String k : maybeNew) {
            if (continued.contains(k)) continue;
            String[] p = k.split("\u0000", 2);
            after.add(SeriesRange.all(p[0], p[1]));
        }
        return SeriesRange.any(after);
    }
}
