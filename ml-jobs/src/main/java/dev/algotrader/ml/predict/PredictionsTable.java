package dev.algotrader.ml.predict;

import dev.algotrader.core.backtest.Predictions;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.lake.SparkSchemas;
import dev.algotrader.schema.Table;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * {@code gold/predictions}: out-of-sample scores keyed by (model, version, symbol, ts). Writes
 * replace one model version's rows of one symbol in a single Delta MERGE (insert new bars, update
 * changed scores, delete bars no longer scored), so a re-run changes nothing and a re-scored
 * version never keeps stale rows; other versions and symbols are untouched.
 */
public final class PredictionsTable {

    private PredictionsTable() {}

    /** One score: the bar opening at {@code ts} goes UP with {@code probabilityUp}. */
    public record Prediction(long ts, double probabilityUp) {}

    /** Replaces {@code model} v{@code version}'s rows of {@code symbol}; returns the version. */
    public static long replace(
            DeltaStore store,
            String model,
            String version,
            String symbol,
            String interval,
            List<Prediction> preds) {
        List<Row> rows = new ArrayList<>(preds.size());
        for (Prediction p : preds) {
            rows.add(
                    RowFactory.create(
                            model,
                            version,
                            symbol,
                            interval,
                            p.ts(),
                            p.probabilityUp(),
                            HoldoutPredictor.FOLD));
        }
        Dataset<Row> df = store.spark().createDataFrame(rows, SparkSchemas.of(Table.PREDICTIONS));
        String path = store.path(Table.PREDICTIONS);
        if (!store.exists(Table.PREDICTIONS)) {
            df.coalesce(1).write().format("delta").mode("errorifexists").save(path);
            return store.version(Table.PREDICTIONS);
        }
        String on =
                String.join(
                        " AND ",
                        Table.PREDICTIONS.key().stream()
                                .map(k -> "t.`" + k + "` = s.`" + k + "`")
                                .toList());
        String mineInTarget =
                "t.model = "
                        + lit(model)
                        + " AND t.version = "
                        + lit(version)
                        + " AND t.symbol = "
                        + lit(symbol)
                        + " AND t.interval = "
                        + lit(interval);
        DeltaTable.forPath(store.spark(), path)
                .as("t")
                .merge(df.as("s"), on)
                .whenMatched(
                        "NOT (t.probability_up <=> s.probability_up) OR NOT (t.fold <=> s.fold)"
                                + " OR NOT (t.interval <=> s.interval)")
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .whenNotMatchedBySource(mineInTarget)
                .delete()
                .execute();
        return store.version(Table.PREDICTIONS);
    }

    /** The scores of {@code model} v{@code version} for {@code symbols} at {@code interval}. */
    public static Predictions read(
            DeltaStore store, String model, String version, List<String> symbols, String interval) {
        return readInto(Predictions.none(), store, model, version, symbols, interval);
    }

    /** Adds the scores of {@code model} v{@code version} for {@code symbols} to {@code out}. */
    public static Predictions readInto(
            Predictions out,
            DeltaStore store,
            String model,
            String version,
            List<String> symbols,
            String interval) {
        if (!store.exists(Table.PREDICTIONS)) return out;
        for (Row r :
                store.read(Table.PREDICTIONS)
                        .where(functions.col("model").equalTo(model))
                        .where(functions.col("version").equalTo(version))
                        .where(functions.col("interval").equalTo(interval))
                        .where(functions.col("symbol").isin(symbols.toArray()))
                        .select("symbol", "ts", "probability_up")
                        .collectAsList()) {
            out.put(r.getString(0), r.getLong(1), r.getDouble(2));
        }
        return out;
    }

    /** Number of rows of {@code model} v{@code version} for {@code symbol} (0 without a table). */
    public static long count(
            DeltaStore store, String model, String version, String symbol, String interval) {
        if (!store.exists(Table.PREDICTIONS)) return 0;
        return store.read(Table.PREDICTIONS)
                .where(functions.col("model").equalTo(model))
                .where(functions.col("version").equalTo(version))
                .where(functions.col("symbol").equalTo(symbol))
                .where(functions.col("interval").equalTo(interval))
                .count();
    }

    private static String lit(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
