package dev.algotrader.core.venue;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.List;

/**
 * The execution port of the trading kernel: where the orders it decides go and where their fills
 * come from. The kernel keeps its own book of working orders ({@link OrderBook}) and tells the
 * venue what changed in it; the venue reports what executed. {@link SimulatedVenue} fills the book
 * from the bars themselves (backtest and paper: the same code on the same bars gives the same
 * fills); a broker venue sends the orders to a broker and reports the broker's fills.
 */
public interface Venue {

    /** A new order the kernel decided at a bar's close; it is already working in the book. */
    void submit(Order order);

    /** New terms (quantity, prices) of a working order under the same client order id. */
    void amend(Order order);

    /** A working order the kernel withdrew (expiry, OCO sibling, kill switch, a new decision). */
    void cancel(Order order);

    /**
     * The executions of the book's working orders inside {@code bar} (which ends at {@code barEnd},
     * epoch millis), in the order they happened. Each fill is booked through {@link OrderBook#book}
     * before the next order is looked at, so a fill that closes the position or cancels an OCO
     * sibling is seen by the rest of the bar.
     */
    List<Fill> fillsFor(Bar bar, long barEnd, OrderBook book);

    /**
     * True when {@link #fillsFor} must be asked on every bar, also when the book holds no working
     * order (a broker venue still tracks orders to look up); the simulated venue needs no call
     * then.
     */
    default boolean pollsEveryBar() {
        return false;
    }
}
