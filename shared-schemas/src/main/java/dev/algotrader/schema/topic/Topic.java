package dev.algotrader.schema.topic;

import dev.algotrader.schema.BarInterval;
import java.util.List;

/**
 * The Kafka topics of the live path and how their records are keyed. Per-key order holds within a
 * partition, so each topic is keyed by what must stay in order: a symbol's bars, orders, fills and
 * positions (keyed by symbol, so an order is always before its fills), a run's equity and events
 * (keyed by run id).
 */
public enum Topic {
    /** Closed bars of one interval, {@code bars.<interval>}; key: symbol. */
    BARS("bars.", "symbol"),
    /** The trader's order intents; key: symbol. Columns of {@code trading/orders}. */
    ORDERS("trader.orders", "symbol"),
    /** Executions; key: symbol. Columns of {@code trading/fills}. */
    FILLS("trader.fills", "symbol"),
    /** Position snapshots; key: symbol. Columns of {@code trading/positions}. */
    POSITIONS("trader.positions", "symbol"),
    /**
     * Equity per sub-account (symbol) and bar; key: run id. Columns of {@code
     * trading/equity_accounts} ({@code symbol} may be missing in records of older builds: the run's
     * one unnamed account).
     */
    EQUITY("trader.equity", "run_id"),
    /** Model scores; key: symbol. */
    SIGNALS("trader.signals", "symbol"),
    /** The trader's audit events; key: run id. */
    EVENTS("trader.events", "run_id"),
    /** Records a consumer could not use, with the reason; key: the original key. */
    DEAD_LETTER("dead-letter", "original key");

    private final String name;
    private final String keyedBy;

    Topic(String name, String keyedBy) {
        this.name = name;
        this.keyedBy = keyedBy;
    }

    /** The topic name; for {@link #BARS} use {@link #bars(String)}. */
    public String topicName() {
        if (this == BARS) throw new IllegalStateException("bars topics are per interval: bars(..)");
        return name;
    }

    /** What the record key is. */
    public String keyedBy() {
        return keyedBy;
    }

    /** {@code bars.<interval>}, e.g. {@code bars.1m}; the interval is validated. */
    public static String bars(String interval) {
        return BARS.name + BarInterval.parse(interval).text();
    }

    /** The trading output topics a sink into {@code trading/*} reads. */
    public static final List<Topic> TRADING = List.of(ORDERS, FILLS, POSITIONS, EQUITY);

    /** Every trader output topic (what {@code paper-run --source kafka} writes). */
    public static final List<Topic> TRADER_OUTPUTS =
            List.of(ORDERS, FILLS, POSITIONS, EQUITY, SIGNALS, EVENTS);
}
