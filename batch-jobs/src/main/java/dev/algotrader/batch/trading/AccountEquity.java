package dev.algotrader.batch.trading;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.algotrader.schema.EquityPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The account rows of {@code trading/equity} from the stored sub-accounts of {@code
 * trading/equity_accounts}, as the backtester keeps its account: at each account ts (a ts at which
 * some symbol of the run has a sub-account) the sum over the run's symbols of each symbol's
 * <b>latest</b> sub-account at or before that ts; a symbol before its first bar counts with its
 * {@link EquityPoint#opening opening} sub-account (its cash share). Cash, position value and equity
 * are each summed in symbol order from 0.
 *
 * <p>Bounded: new or changed sub-accounts ({@code touched}) change the account rows of their run
 * from their earliest ts up to (excluding) the next stored sub-account of each touched symbol after
 * its latest touched one (open-ended when it is the symbol's latest), so only that range is
 * recomputed. A symbol without a sub-account at the range's first account ts is carried in from its
 * latest one before the range, the only read of older sub-accounts. Recomputing a range again gives
 * the same rows, so a redelivered batch changes nothing.
 */
final class AccountEquity {

    private static final long OPENING = EquityPoint.OPENING_TS;

    private AccountEquity() {}

    /** One run's account ts to recompute: {@code [from, until)}. */
    record Range(String runId, long from, long until) {

        Column rows() {
            return col("run_id").equalTo(runId).and(col("ts").geq(from)).and(col("ts").lt(until));
        }
    }

    /**
     * The {@code trading/equity} rows (columns {@code run_id, ts, cash, position_value, equity}) to
     * MERGE after the sub-accounts {@code touched} were MERGEd into {@code accounts} (all stored
     * sub-accounts, {@code touched} among them).
     */
    static Dataset<Row> recompute(Dataset<Row> accounts, Dataset<Row> touched) {
        List<Range> ranges = ranges(accounts, touched);
        if (ranges.isEmpty()) return empty(accounts);
        Column inRange = lit(false);
        Column runs = lit(false);
        for (Range r : ranges) {
            inRange = inRange.or(r.rows());
            runs = runs.or(col("run_id").equalTo(r.runId()));
        }
        Dataset<Row> inRangeRows = accounts.where(inRange);
        Dataset<Row> carried = carriedIn(accounts, ranges, inRange, runs);
        Dataset<Row> rows = carried == null ? inRangeRows : inRangeRows.unionByName(carried);
        return asOfSums(rows, inRangeRows.where(col("ts").notEqual(OPENING)));
    }

    /**
     * Per run of {@code touched}, the range of account ts its sub-accounts change: from the
     * earliest touched ts to the latest next stored sub-account after a touched symbol's latest
     * touched one ({@link Long#MAX_VALUE} when a touched symbol has none after).
     */
    static List<Range> ranges(Dataset<Row> accounts, Dataset<Row> touched) {
        Dataset<Row> latest =
                touched.groupBy("run_id", "symbol")
                        .agg(min("ts").as("_from"), max("ts").as("_latest"))
                        .cache();
        try {
            List<Row> bySymbol = latest.collectAsList();
            if (bySymbol.isEmpty()) return List.of();
            Column after = lit(false);
            for (Row r : bySymbol) {
                after =
                        after.or(
                                col("run_id")
                                        .equalTo(r.getString(0))
                                        .and(col("ts").gt(r.getLong(3))));
            }
            Column same =
                    col("a.run_id")
                            .equalTo(col("t.run_id"))
                            .and(col("a.symbol").equalTo(col("t.symbol")))
                            .and(col("a.ts").gt(col("t._latest")));
            Map<String, Long> next = new HashMap<>();
            for (Row r :
                    accounts.where(after)
                            .as("a")
                            .join(broadcast(latest).as("t"), same)
                            .groupBy(col("a.run_id"), col("a.symbol"))
                            .agg(min(col("a.ts")))
                            .collectAsList()) {
                next.put(r.getString(0) + '\u0000' + r.getString(1), r.getLong(2));
            }
            Map<String, long[]> byRun = new TreeMap<>();
            for (Row r : bySymbol) {
                Long n = next.get(r.getString(0) + '\u0000' + r.getString(1));
                long until = n == null ? Long.MAX_VALUE : n;
                long[] range =
                        byRun.computeIfAbsent(
                                r.getString(0), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                range[0] = Math.min(range[0], r.getLong(2));
                range[1] = Math.max(range[1], until);
            }
            List<Range> out = new ArrayList<>();
            byRun.forEach((run, r) -> out.add(new Range(run, r[0], r[1])));
            return out;
        } finally {
            latest.unpersist();
        }
    }

    /**
     * The latest sub-account before its run's range of each symbol that has none at or before the
     * range's first account ts (a gap there, or a symbol that has not started: its opening), or
     * null when every symbol has one in the range. The run's symbols are those of its openings and
     * of the range.
     */
    private static Dataset<Row> carriedIn(
            Dataset<Row> accounts, List<Range> ranges, Column inRange, Column runs) {
        Map<String, Long> firstAccountTs = new HashMap<>();
        Map<String, Map<String, Long>> firstInRange = new HashMap<>();
        for (Row r :
                accounts.where(inRange.or(runs.and(col("ts").equalTo(OPENING))))
                        .groupBy("run_id", "symbol")
                        .agg(
                                min(when(inRange, col("ts"))).as("_first"),
                                min(when(inRange.and(col("ts").notEqual(OPENING)), col("ts")))
                                        .as("_first_account"))
                        .collectAsList()) {
            String run = r.getString(0);
            firstInRange
                    .computeIfAbsent(run, k -> new HashMap<>())
                    .put(r.getString(1), r.isNullAt(2) ? null : r.getLong(2));
            if (!r.isNullAt(3)) firstAccountTs.merge(run, r.getLong(3), Math::min);
        }
        Column wanted = lit(false);
        boolean any = false;
        for (Range range : ranges) {
            Long first = firstAccountTs.get(range.runId());
            if (first == null) continue; // no account ts to recompute in this run
            for (Map.Entry<String, Long> s :
                    firstInRange.getOrDefault(range.runId(), Map.of()).entrySet()) {
                if (s.getValue() != null && s.getValue() <= first) continue;
                wanted =
                        wanted.or(
                                col("run_id")
                                        .equalTo(range.runId())
                                        .and(col("symbol").equalTo(s.getKey()))
                                        .and(col("ts").lt(range.from())));
                any = true;
            }
        }
        if (!any) return null;
        // the latest ts of each: an aggregate of three columns, then the rows at exactly those
        // keys (Delta skips the files whose ts range holds none of them)
        Column at = lit(false);
        for (Row r :
                accounts.where(wanted).groupBy("run_id", "symbol").agg(max("ts")).collectAsList()) {
            at =
                    at.or(
                            col("run_id")
                                    .equalTo(r.getString(0))
                                    .and(col("symbol").equalTo(r.getString(1)))
                                    .and(col("ts").equalTo(r.getLong(2))));
        }
        return accounts.where(at);
    }

    /**
     * At each {@code (run_id, ts)} of {@code accountTs}, the sum over the symbols of {@code rows}
     * (per run) of each one's latest row at or before ts.
     */
    static Dataset<Row> asOfSums(Dataset<Row> rows, Dataset<Row> accountTs) {
        Dataset<Row> stored =
                rows.select(
                        col("run_id"),
                        col("symbol"),
                        col("ts"),
                        lit(0).as("_at"),
                        struct(col("cash"), col("position_value"), col("equity")).as("_v"));
        Dataset<Row> at =
                accountTs
                        .select("run_id", "ts")
                        .distinct()
                        .join(rows.select("run_id", "symbol").distinct(), "run_id")
                        .select(
                                col("run_id"),
                                col("symbol"),
                                col("ts"),
                                lit(1).as("_at"),
                                lit(null).cast(stored.schema().apply("_v").dataType()).as("_v"));
        // a stored row sorts before the account ts it is at: "at or before"
        WindowSpec upTo =
                Window.partitionBy("run_id", "symbol")
                        .orderBy(col("ts"), col("_at"))
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        return stored.unionByName(at)
                .withColumn("_asof", last(col("_v"), true).over(upTo))
                .where(col("_at").equalTo(1).and(col("_asof").isNotNull()))
                .groupBy("run_id", "ts")
                .agg(
                        sort_array(
                                        collect_list(
                                                struct(
                                                        col("symbol"),
                                                        col("_asof.cash").as("cash"),
                                                        col("_asof.position_value")
                                                                .as("position_value"),
                                                        col("_asof.equity").as("equity"))))
                                .as("_a"))
                .select(
                        col("run_id"),
                        col("ts"),
                        sumInOrder("cash"),
                        sumInOrder("position_value"),
                        sumInOrder("equity"));
    }

    /** The sum of field {@code f} over the sorted sub-accounts {@code _a}, from 0, in order. */
    private static Column sumInOrder(String f) {
        return expr("aggregate(_a, CAST(0 AS DOUBLE), (s, x) -> s + x." + f + ")").as(f);
    }

    private static Dataset<Row> empty(Dataset<Row> accounts) {
        return accounts.where(lit(false))
                .select("run_id", "ts", "cash", "position_value", "equity");
    }
}
