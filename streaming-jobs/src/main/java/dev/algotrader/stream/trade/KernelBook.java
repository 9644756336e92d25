package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.List;

/** The kernel as the broker venue sees it: its working orders, and fills booked into it. */
final class KernelBook implements BrokerVenue.Book {

    private final TradingKernel kernel;

    KernelBook(TradingKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public boolean working(String id) {
        return working(kernel, id);
    }

    @Override
    public Order workingOrder(String id) {
        return workingOrder(kernel, id);
    }

    @Override
    public List<Order> bookFill(Fill f) {
        return kernel.applyExternalFill(f).cancelled();
    }

    static boolean working(TradingKernel kernel, String clientOrderId) {
        return workingOrder(kernel, clientOrderId) != null;
    }

    /** The kernel's current terms of the working order {@code clientOrderId}, or null. */
    static Order workingOrder(TradingKernel kernel, String clientOrderId) {
        Order found = null;
        for (WorkingOrder w : kernel.state().workingOrders()) {
            if (w.order().clientOrderId().equals(clientOrderId)) found = w.order();
        }
        return found;
    }
}
