package dev.algotrader.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * Spreads rows over the shuffle partitions by symbol: all rows of a symbol in one partition (the
 * per-symbol passes need them together), and different symbols in different partitions as far as
 * the partitions go. {@code repartition(col("symbol"))} hashes the names, and two symbols share a
 * partition one time in n: then one core sorts and computes everything while the other waits (it
 * did for BTC/USD and ETH/USD at 4 partitions, doubling the wall time of features and labels).
 *
 * <p>The known symbols, in name order, take the partitions round-robin; a symbol not among them
 * falls back to the hash of its name. Only the placement depends on this, never a result.
 */
public final class SymbolPartitions {

    /**
     * The column {@link #tagged} adds: a window partitioned by it first (then by symbol and the
     * rest of its keys) needs no shuffle of its own and keeps the placement.
     */
    public static final String COLUMN = "_symbol_part";

    /** Spark's seed for {@code hash} and hash partitioning. */
    private static final int SEED = 42;

    /** A CASE longer than this is not worth its codegen: more symbols hash by name. */
    private static final int MAX_LISTED = 256;

    private SymbolPartitions() {}

    /**
     * {@code rows} repartitioned into the session's shuffle partitions with each of {@code symbols}
     * on its own partition where there are enough (null: the symbols the rows hold, found by a
     * query).
     */
    public static Dataset<Row> spread(Dataset<Row> rows, Collection<String> symbols) {
        return tagged(rows, symbols).drop(COLUMN);
    }

    /** {@link #spread} keeping the placement column {@link #COLUMN}. */
    public static Dataset<Row> tagged(Dataset<Row> rows, Collection<String> symbols) {
        int n = Integer.parseInt(rows.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        if (symbols == null) symbols = distinct(rows);
        List<String> sorted = new ArrayList<>(new TreeSet<>(symbols));
        Column key = hash(col("symbol"));
        if (sorted.size() <= MAX_LISTED) {
            Column listed = null;
            for (int i = sorted.size() - 1; i >= 0; i--) {
                Column c = col("symbol").equalTo(sorted.get(i));
                int k = keyOf(i % n, n);
                listed = listed == null ? when(c, lit(k)) : when(c, lit(k)).otherwise(listed);
            }
            if (listed != null) key = org.apache.spark.sql.functions.coalesce(listed, key);
        }
        return rows.withColumn(COLUMN, key).repartition(n, col(COLUMN));
    }

    /**
     * The smallest int that Spark's hash partitioning ({@code pmod(murmur3(v, 42), n)}) sends to
     * partition {@code p}.
     */
    static int keyOf(int p, int n) {
        for (int v = 0; ; v++) {
            if (Math.floorMod(Murmur3_x86_32.hashInt(v, SEED), n) == p) return v;
        }
    }

    private static List<String> distinct(Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows.select("symbol").distinct().collectAsList()) {
            if (!r.isNullAt(0)) out.add(r.getString(0));
        }
        return out;
    }
}
