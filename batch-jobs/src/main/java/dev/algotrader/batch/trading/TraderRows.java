package dev.algotrader.batch.trading;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The one reduction of the trader's outputs into {@code trading/*}, shared by the Kafka sink
 * ({@link TradingSink}) and the file hand-off (the control plane's MERGE of the JSONL part files):
 *
 * <ul>
 *   <li>one record per key of its {@link #recordTable record table}, the newest (an amended order
 *       is emitted again with its new terms; a redelivered record is identical);
 *   <li>orders, fills and positions are MERGEd into their tables on that key;
 *   <li>equity records are sub-accounts (one per symbol and bar): they are MERGEd into {@code
 *       trading/equity_accounts} on {@code (run_id, symbol, ts)}, and then the {@code
 *       trading/equity} row of every {@code (run_id, ts)} they touch is recomputed from <b>all</b>
 *       stored sub-accounts of that key. So identical sub-accounts never collapse, redelivery
 *       changes nothing, and the sub-accounts of one ts may arrive in different micro-batches or
 *       part files: the last one to arrive completes the sum (until then the row holds the
 *       sub-accounts stored so far).
 * </ul>
 *
 * The account's cash, position value and equity are each summed over its sub-accounts in symbol
 * order starting from 0, as the backtester sums its symbols, so the figures are deterministic (and
 * a one-symbol run's row is its sub-account, bit for bit).
 */
public final class TraderRows {

    /** The trader's outputs, in the order they are written. */
    public static final List<Table> OUTPUTS =
            List.of(Table.ORDERS, Table.FILLS, Table.POSITIONS, Table.EQUITY);

    private TraderRows() {}

    /**
     * The table whose columns an output's records have, and where they are stored first: {@code
     * trading/equity_accounts} for equity, else the output's own table.
     */
    public static Table recordTable(Table output) {
        return output == Table.EQUITY ? Table.EQUITY_ACCOUNTS : output;
    }

    /**
     * Records decoded with {@link #recordTable}'s schema, made whole: an equity record without
     * {@code symbol} (written before the field existed) is the run's one unnamed account, {@link
     * EquityPoint#ACCOUNT}.
     */
    public static Dataset<Row> conform(Dataset<Row> records, Table output) {
        if (output != Table.EQUITY) return records;
        return records.withColumn("symbol", coalesce(col("symbol"), lit(EquityPoint.ACCOUNT)));
    }

    /**
     * One record per key of {@link #recordTable}: the first by {@code newestFirst} (e.g. the larger
     * Kafka offset, or the later file and line), with the record table's columns only.
     */
    public static Dataset<Row> latest(Dataset<Row> records, Table output, Column... newestFirst) {
        Table t = recordTable(output);
        Column[] key = t.key().stream().map(c -> col(c)).toArray(Column[]::new);
        return records.withColumn(
                        "_n", row_number().over(Window.partitionBy(key).orderBy(newestFirst)))
                .where(col("_n").equalTo(1))
                .select(columns(t));
    }

    /**
     * MERGEs the {@link #latest} records of {@code output}; for equity, the sub-accounts and then
     * the account rows of the {@code (run_id, ts)} keys they touch. Returns the rows merged per
     * table path.
     */
    public static Map<String, Long> merge(DeltaStore store, Table output, Dataset<Row> latest) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Dataset<Row> rows = latest.cache();
        try {
            long n = rows.count();
            counts.put(recordTable(output).path(), n);
            if (n == 0) {
                if (output == Table.EQUITY) counts.put(Table.EQUITY.path(), 0L);
                return counts;
            }
            store.merge(recordTable(output), rows);
            if (output == Table.EQUITY) {
                Dataset<Row> totals =
                        accountTotals(store.read(Table.EQUITY_ACCOUNTS), rows).cache();
                try {
                    counts.put(Table.EQUITY.path(), totals.count());
                    store.merge(Table.EQUITY, totals);
                } finally {
                    totals.unpersist();
                }
            }
        } finally {
            rows.unpersist();
        }
        return counts;
    }

    /**
     * The {@code trading/equity} rows of the {@code (run_id, ts)} keys of {@code touched}: per key,
     * the stored sub-accounts ({@code accounts}, all of them, not only the touched ones) summed in
     * symbol order from 0.
     */
    public static Dataset<Row> accountTotals(Dataset<Row> accounts, Dataset<Row> touched) {
        Dataset<Row> keys = touched.select("run_id", "ts").distinct();
        Row range = keys.agg(min("ts"), max("ts")).first();
        Dataset<Row> stored = accounts;
        if (!range.isNullAt(0)) {
            // lets Delta skip files outside the touched ts range (min/max statistics)
            stored = stored.where(col("ts").between(range.getLong(0), range.getLong(1)));
        }
        Column sameKey =
                col("a.run_id").equalTo(col("k.run_id")).and(col("a.ts").equalTo(col("k.ts")));
        return stored.as("a")
                .join(broadcast(keys).as("k"), sameKey, "left_semi")
                .groupBy("run_id", "ts")
                .agg(
                        sort_array(
                                        collect_list(
                                                struct(
                                                        col("symbol"),
                                                        col("cash"),
                                                        col("position_value"),
                                                        col("equity"))))
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

    private static Column[] columns(Table t) {
        return t.columns().stream().map(c -> col(c.name())).toArray(Column[]::new);
    }
}
