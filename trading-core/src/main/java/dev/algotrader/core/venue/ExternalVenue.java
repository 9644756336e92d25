package dev.algotrader.core.venue;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.List;

/**
 * A venue run by the caller: it routes the kernel's orders, amendments and cancellations (from the
 * {@code StepResult}) to a broker itself and books the broker's fills through {@code
 * TradingKernel.applyExternalFill}. Nothing fills inside the kernel.
 */
public final class ExternalVenue implements Venue {

    @Override
    public void submit(Order order) {}

    @Override
    public void amend(Order order) {}

    @Override
    public void cancel(Order order) {}

    @Override
    public List<Fill> fillsFor(Bar bar, long barEnd, OrderBook book) {
        return List.of();
    }
}
