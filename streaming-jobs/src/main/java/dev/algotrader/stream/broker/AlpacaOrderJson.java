package dev.algotrader.stream.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** The JSON of Alpaca's order API: request bodies and the order objects it answers. */
final class AlpacaOrderJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlpacaOrderJson() {}

    /** Alpaca answers crypto positions as {@code BTCUSD}; the platform writes {@code BTC/USD}. */
    static String normaliseSymbol(String s) {
        if (s.contains("/")) return s;
        for (String quote : List.of("USDT", "USDC", "USD", "BTC")) {
            if (s.endsWith(quote) && s.length() > quote.length()) {
                return s.substring(0, s.length() - quote.length()) + "/" + quote;
            }
        }
        return s;
    }

    static String orderBody(Order o, String timeInForce) {
        ObjectNode n = JSON.createObjectNode();
        n.put("symbol", o.symbol());
        n.put("qty", decimal(o.quantity()));
        n.put("side", o.side() == Side.BUY ? "buy" : "sell");
        n.put("type", o.type().name().toLowerCase(Locale.ROOT));
        n.put("time_in_force", timeInForce);
        if (o.type() == OrderType.LIMIT) n.put("limit_price", decimal(o.limitPrice()));
        if (o.type() == OrderType.STOP) n.put("stop_price", decimal(o.stopPrice()));
        n.put("client_order_id", o.clientOrderId());
        return n.toString();
    }

    static String replaceBody(Order o, String timeInForce) {
        ObjectNode n = JSON.createObjectNode();
        n.put("qty", decimal(o.quantity()));
        n.put("time_in_force", timeInForce);
        if (o.type() == OrderType.LIMIT) n.put("limit_price", decimal(o.limitPrice()));
        if (o.type() == OrderType.STOP) n.put("stop_price", decimal(o.stopPrice()));
        n.put("client_order_id", o.clientOrderId());
        return n.toString();
    }

    private static String decimal(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    static BrokerOrder parseOrder(JsonNode o) {
        String side = o.path("side").asText("buy");
        return new BrokerOrder(
                o.path("id").asText(),
                o.path("client_order_id").asText(),
                o.path("symbol").asText(),
                "sell".equals(side) ? Side.SELL : Side.BUY,
                num(o, "qty"),
                num(o, "filled_qty"),
                num(o, "filled_avg_price"),
                o.path("status").asText());
    }

    static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) return Double.NaN;
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }
}
