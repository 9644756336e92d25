package dev.algotrader.batch.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ranked leaderboard of a {@link BacktestSweep} in its tabular forms: a DataFrame with
 * snake_case columns, {@code leaderboard.csv}, and the aligned text table the terminal shows
 * ({@link SweepReport} is its HTML page).
 */
public final class LeaderboardFormats {

    private LeaderboardFormats() {}

    /** The leaderboard as a DataFrame with snake_case columns (e.g. to write as a Delta table). */
    public static Dataset<Row> toDataFrame(SparkSession spark, List<LeaderboardRow> rows) {
        StructType schema =
                new StructType()
                        .add("rank", DataTypes.IntegerType, false)
                        .add("strategy", DataTypes.StringType, false)
                        .add("params", DataTypes.StringType, false)
                        .add("symbol", DataTypes.StringType, false)
                        .add("total_return", DataTypes.DoubleType, false)
                        .add("sharpe", DataTypes.DoubleType, false)
                        .add("max_drawdown", DataTypes.DoubleType, false)
                        .add("calmar", DataTypes.DoubleType, false)
                        .add("trades", DataTypes.IntegerType, false)
                        .add("win_rate", DataTypes.DoubleType, false)
                        .add("final_equity", DataTypes.DoubleType, false)
                        .add("fees_paid", DataTypes.DoubleType, false)
                        .add("buy_and_hold_return", DataTypes.DoubleType, false)
                        .add("order_list_sha256", DataTypes.StringType, false);
        List<Row> out = new ArrayList<>(rows.size());
        for (LeaderboardRow r : rows) {
            out.add(
                    RowFactory.create(
                            r.rank(),
                            r.strategy(),
                            r.params(),
                            r.symbol(),
                            r.totalReturn(),
                            r.sharpe(),
                            r.maxDrawdown(),
                            r.calmar(),
                            r.trades(),
                            r.winRate(),
                            r.finalEquity(),
                            r.feesPaid(),
                            r.buyHoldReturn(),
                            r.orderListHash()));
        }
        return spark.createDataFrame(out, schema);
    }

    /** Writes the leaderboard as {@code leaderboard.csv} in {@code dir}; returns its path. */
    public static Path writeCsv(List<LeaderboardRow> rows, Path dir) {
        StringBuilder b =
                new StringBuilder(
                        "rank,strategy,params,symbol,total_return,sharpe,max_drawdown,calmar,"
                                + "trades,win_rate,final_equity,fees_paid,buy_and_hold_return,"
                                + "order_list_sha256\n");
        for (LeaderboardRow r : rows) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,\"%s\",%s,%.6f,%.4f,%.6f,%.4f,%d,%.4f,%.2f,%.2f,%.6f,%s%n",
                            r.rank(),
                            r.strategy(),
                            r.params(),
                            r.symbol(),
                            r.totalReturn(),
                            r.sharpe(),
                            r.maxDrawdown(),
                            r.calmar(),
                            r.trades(),
                            r.winRate(),
                            r.finalEquity(),
                            r.feesPaid(),
                            r.buyHoldReturn(),
                            r.orderListHash()));
        }
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("leaderboard.csv");
            Files.writeString(p, b.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the leaderboard to " + dir, e);
        }
    }

    /** The top {@code n} rows as an aligned text table for the terminal. */
    public static String table(List<LeaderboardRow> rows, int n) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%-4s %-14s %-36s %-10s %9s %8s %8s %6s %9s%n",
                        "rank",
                        "strategy",
                        "params",
                        "symbol",
                        "return",
                        "sharpe",
                        "max dd",
                        "trades",
                        "b&h"));
        for (LeaderboardRow r : rows.subList(0, Math.min(n, rows.size()))) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "%-4d %-14s %-36s %-10s %8.2f%% %8.2f %7.2f%% %6d %8.2f%%%n",
                            r.rank(),
                            r.strategy(),
                            r.params(),
                            r.symbol(),
                            r.totalReturn() * 100,
                            r.sharpe(),
                            r.maxDrawdown() * 100,
                            r.trades(),
                            r.buyHoldReturn() * 100));
        }
        return b.toString();
    }
}
