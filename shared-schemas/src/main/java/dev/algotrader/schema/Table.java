package dev.algotrader.schema;

import static dev.algotrader.schema.Column.Type.BOOLEAN;
import static dev.algotrader.schema.Column.Type.DATE;
import static dev.algotrader.schema.Column.Type.DOUBLE;
import static dev.algotrader.schema.Column.Type.INT;
import static dev.algotrader.schema.Column.Type.LONG;
import static dev.algotrader.schema.Column.Type.STRING;
import static dev.algotrader.schema.Column.Type.TIMESTAMP;
import static dev.algotrader.schema.Column.opt;
import static dev.algotrader.schema.Column.req;

import java.util.List;

/**
 * The medallion tables, their location below the data root, their natural key and their fixed
 * columns. Jobs MERGE on {@link #key()} so re-runs never duplicate rows. {@code silver/features}
 * additionally has one DOUBLE column per feature of its feature set.
 *
 * <p>Bars: {@code complete = false} marks a bar whose interval was still open when its input ended
 * (a trade file that stops inside a minute); such a bar is left out of features and labels until a
 * later ingest completes it. {@code volume_known = false} marks a bar without volume data (zero
 * volume, e.g. CoinGecko OHLC candles). Tables written before these columns existed read them as
 * null, which means true.
 *
 * <p>Equity: the trader emits one point per symbol (sub-account) and bar; {@code
 * trading/equity_accounts} keeps them per {@code (run_id, symbol, ts)} (symbol empty: the run's one
 * unnamed account, see {@link EquityPoint#ACCOUNT}), and {@code trading/equity} holds the account
 * per {@code (run_id, ts)}: the sum of every symbol's latest stored sub-account at or before that
 * ts, a symbol's opening among them (see {@link EquityPoint}; a backtest writes its account
 * directly).
 */
public enum Table {
    BARS_RAW(
            "bronze/bars_raw",
            List.of("source", "symbol", "interval", "ts"),
            List.of(
                    req("source", STRING),
                    req("symbol", STRING),
                    req("interval", STRING),
                    req("ts", LONG),
                    req("open", DOUBLE),
                    req("high", DOUBLE),
                    req("low", DOUBLE),
                    req("close", DOUBLE),
                    req("volume", DOUBLE),
                    req("ingest_time", TIMESTAMP),
                    req("source_file", STRING),
                    opt("complete", BOOLEAN))),
    BARS_REJECTED(
            "bronze/bars_rejected",
            List.of("source", "source_file", "line"),
            List.of(
                    req("source", STRING),
                    req("source_file", STRING),
                    req("line", LONG),
                    opt("raw", STRING),
                    req("reason", STRING),
                    req("ingest_time", TIMESTAMP))),
    BARS(
            "silver/bars",
            List.of("symbol", "interval", "ts"),
            List.of(
                    req("symbol", STRING),
                    req("interval", STRING),
                    req("ts", LONG),
                    req("bar_time", TIMESTAMP),
                    req("date", DATE),
                    req("open", DOUBLE),
                    req("high", DOUBLE),
                    req("low", DOUBLE),
                    req("close", DOUBLE),
                    req("volume", DOUBLE),
                    req("gap_before", BOOLEAN),
                    req("source", STRING),
                    opt("complete", BOOLEAN),
                    opt("volume_known", BOOLEAN))),
    FEATURES(
            "silver/features",
            List.of("symbol", "interval", "ts", "feature_set"),
            List.of(
                    req("symbol", STRING),
                    req("interval", STRING),
                    req("ts", LONG),
                    req("feature_set", STRING),
                    req("warm", BOOLEAN))),
    LABELS(
            "gold/labels",
            List.of("symbol", "interval", "ts", "horizon"),
            List.of(
                    req("symbol", STRING),
                    req("interval", STRING),
                    req("ts", LONG),
                    req("horizon", INT),
                    req("forward_log_return", DOUBLE),
                    req("direction", STRING),
                    req("label", INT))),
    PREDICTIONS(
            "gold/predictions",
            List.of("model", "version", "symbol", "ts"),
            List.of(
                    req("model", STRING),
                    req("version", STRING),
                    req("symbol", STRING),
                    req("interval", STRING),
                    req("ts", LONG),
                    req("probability_up", DOUBLE),
                    req("fold", STRING))),
    ORDERS(
            "trading/orders",
            List.of("run_id", "client_order_id"),
            List.of(
                    req("run_id", STRING),
                    req("client_order_id", STRING),
                    req("symbol", STRING),
                    req("decision_ts", LONG),
                    req("side", STRING),
                    req("type", STRING),
                    req("quantity", DOUBLE),
                    opt("limit_price", DOUBLE),
                    opt("stop_price", DOUBLE),
                    opt("reason", STRING))),
    FILLS(
            "trading/fills",
            List.of("run_id", "client_order_id", "ts"),
            List.of(
                    req("run_id", STRING),
                    req("client_order_id", STRING),
                    req("symbol", STRING),
                    req("ts", LONG),
                    req("side", STRING),
                    req("quantity", DOUBLE),
                    req("price", DOUBLE),
                    req("fee", DOUBLE),
                    req("slippage_cost", DOUBLE))),
    POSITIONS(
            "trading/positions",
            List.of("run_id", "symbol", "ts"),
            List.of(
                    req("run_id", STRING),
                    req("symbol", STRING),
                    req("ts", LONG),
                    req("quantity", DOUBLE),
                    req("avg_price", DOUBLE),
                    req("market_price", DOUBLE),
                    req("realized_pnl", DOUBLE),
                    req("unrealized_pnl", DOUBLE))),
    EQUITY(
            "trading/equity",
            List.of("run_id", "ts"),
            List.of(
                    req("run_id", STRING),
                    req("ts", LONG),
                    req("cash", DOUBLE),
                    req("position_value", DOUBLE),
                    req("equity", DOUBLE))),
    EQUITY_ACCOUNTS(
            "trading/equity_accounts",
            List.of("run_id", "symbol", "ts"),
            List.of(
                    req("run_id", STRING),
                    req("symbol", STRING),
                    req("ts", LONG),
                    req("cash", DOUBLE),
                    req("position_value", DOUBLE),
                    req("equity", DOUBLE)));

    private final String path;
    private final List<String> key;
    private final List<Column> columns;

    Table(String path, List<String> key, List<Column> columns) {
        this.path = path;
        this.key = key;
        this.columns = columns;
    }

    /** Location relative to the data root, e.g. {@code silver/bars}. */
    public String path() {
        return path;
    }

    /** Natural key: MERGE condition of every writer. */
    public List<String> key() {
        return key;
    }

    /** Fixed columns in order. */
    public List<Column> columns() {
        return columns;
    }

    /** Looks a table up by its path ({@code silver/bars}) or enum name ({@code BARS}). */
    public static Table byName(String name) {
        for (Table t : values()) {
            if (t.path.equals(name) || t.name().equalsIgnoreCase(name)) return t;
        }
        StringBuilder known = new StringBuilder();
        for (Table t : values()) known.append(known.length() == 0 ? "" : ", ").append(t.path);
        throw new IllegalArgumentException(
                "unknown table '" + name + "': known tables are " + known);
    }
}
