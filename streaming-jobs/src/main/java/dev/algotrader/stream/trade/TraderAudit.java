package dev.algotrader.stream.trade;

import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The trading operator's own audit events (the broker venue writes the broker's). */
final class TraderAudit {

    private TraderAudit() {}

    /**
     * One event naming the kernel's orders a bar amended or cancelled, with their count and how
     * many of them are protective (stop-loss / take-profit), which {@code events} summarizes.
     */
    static void orders(
            String event, String symbol, Bar bar, List<Order> orders, BrokerVenue.Effects fx) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbol", symbol);
        d.put("bar_ts", bar.ts());
        d.put("count", orders.size());
        d.put("protective", orders.stream().filter(o -> isProtective(o.reason())).count());
        d.put("client_order_ids", String.join(",", ids(orders)));
        fx.audit(event, d);
    }

    /** A paper order, audited like an order a real broker accepted. */
    static void paperOrder(Order o, Bar bar, String brokerName, BrokerVenue.Effects fx) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", o.clientOrderId());
        d.put("symbol", o.symbol());
        d.put("side", o.side().name());
        d.put("type", o.type().name());
        d.put("quantity", o.quantity());
        d.put("bar_ts", bar.ts());
        d.put("broker", brokerName);
        fx.audit("order.submitted", d);
    }

    private static boolean isProtective(String reason) {
        return "stop-loss".equals(reason) || "take-profit".equals(reason);
    }

    private static List<String> ids(List<Order> orders) {
        List<String> out = new ArrayList<>(orders.size());
        for (Order o : orders) out.add(o.clientOrderId());
        return out;
    }
}
