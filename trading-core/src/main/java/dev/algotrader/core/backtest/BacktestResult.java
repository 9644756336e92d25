package dev.algotrader.core.backtest;

import dev.algotrader.core.metrics.PerformanceMetrics;
import dev.algotrader.core.trading.ClientOrderIds;
import dev.algotrader.core.trading.Trade;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one backtest produced: the rows of {@code trading/orders}, {@code trading/fills},
 * {@code trading/positions} (one per symbol per bar close) and {@code trading/equity} (the account,
 * one per distinct bar close), the round trips, the buy-and-hold curve on the same timestamps and
 * the metrics.
 */
public record BacktestResult(
        String runId,
        BacktestConfig config,
        List<String> symbols,
        List<Order> orders,
        List<Fill> fills,
        List<Position> positions,
        List<EquityPoint> equity,
        double[] buyHoldEquity,
        List<Trade> trades,
        long rejections,
        Map<String, Long> rejectionReasons,
        PerformanceMetrics metrics)
        implements Serializable {

    /**
     * SHA-256 of the order list (client id, side, type, quantity, prices, decision time), the
     * backtest's fingerprint in pinned acceptance tests. The run id is not part of it.
     */
    public String orderListHash() {
        return orderListHash(orders);
    }

    /** {@link #orderListHash()} of an order list (a summary-only run has no result record). */
    public static String orderListHash(List<Order> orders) {
        StringBuilder b = new StringBuilder();
        for (Order o : orders) {
            b.append(o.clientOrderId())
                    .append(',')
                    .append(o.decisionTs())
                    .append(',')
                    .append(o.side())
                    .append(',')
                    .append(o.type())
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", o.quantity()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", o.limitPrice()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.10g", o.stopPrice()))
                    .append('\n');
        }
        return ClientOrderIds.sha256(b.toString());
    }
}
