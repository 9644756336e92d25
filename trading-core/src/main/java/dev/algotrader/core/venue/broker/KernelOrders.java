package dev.algotrader.core.venue.broker;

import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.OrderBook;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.List;

/** The kernel's {@link OrderBook} seen by client order id. */
record KernelOrders(OrderBook book) implements BrokerVenue.Book {
    private WorkingOrder find(String id) {
        WorkingOrder found = null;
        for (WorkingOrder w : book.inPriority()) {
            if (w.order().clientOrderId().equals(id) && book.isWorking(w)) found = w;
        }
        return found;
    }

    @Override
    public boolean working(String id) {
        return find(id) != null;
    }

    @Override
    public Order workingOrder(String id) {
        WorkingOrder w = find(id);
        return w == null ? null : w.order();
    }

    @Override
    public List<Order> bookFill(Fill fill) {
        WorkingOrder w = find(fill.clientOrderId());
        if (w == null) {
            throw new IllegalArgumentException(
                    "fill for unknown or finished order " + fill.clientOrderId());
        }
        List<WorkingOrder> before = new ArrayList<>();
        for (WorkingOrder o : book.inPriority()) {
            if (o != w && book.isWorking(o)) before.add(o);
        }
        book.book(w, fill);
        // what the fill cancelled (the rest of the pair when the position closed) is
        // cancelled at the broker at once; the kernel's step reports it again, a no-op then
        List<Order> cancelled = new ArrayList<>();
        for (WorkingOrder o : before) {
            if (!book.isWorking(o)) cancelled.add(o.order());
        }
        return cancelled;
    }
}
