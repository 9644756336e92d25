package dev.algotrader.batch.trading;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

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
 *   <li>equity records are sub-accounts (one per symbol and bar, and a symbol's {@link
 *       EquityPoint#opening opening} in a run of several symbols): they are MERGEd into {@code
 *       trading/equity_accounts} on {@code (run_id, symbol, ts)}, and then the {@code
 *       trading/equity} rows they change are recomputed from the stored sub-accounts ({@link
 *       AccountEquity}): at each ts the sum of every symbol's latest sub-account at or before it,
 *       as the backtester carries its symbols forward. So identical sub-accounts never collapse,
 *       redelivery changes nothing, and a sub-account that arrives late (another micro-batch or
 *       part file) also corrects the later rows it is carried into.
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
     * The {@code trading/equity} rows that {@code touched} sub-accounts change, from the stored
     * sub-accounts ({@code accounts}, after the MERGE of {@code touched}): see {@link
     * AccountEquity}.
     */
    public static Dataset<Row> accountTotals(Dataset<Row> accounts, Dataset<Row> touched) {
        return AccountEquity.recompute(accounts, touched);
    }

    private static Column[] columns(Table t) {
        return t.columns().stream().map(c -> col(c.name())).toArray(Column[]::new);
    }
}
