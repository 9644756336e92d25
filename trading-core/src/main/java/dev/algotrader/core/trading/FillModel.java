package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import java.io.Serializable;

/**
 * Decides whether, how much and at what price a working order executes inside one bar. Only the bar
 * it is given may be used (the kernel passes the first bar the order could reach), so a fill can
 * never see the future.
 */
public interface FillModel extends Serializable {

    /**
     * The execution of {@code order} in {@code bar} (which ends at {@code barEnd}, epoch millis)
     * for at most {@code maxQuantity}, or null when it does not fill in this bar.
     */
    Execution fill(WorkingOrder order, Bar bar, long barEnd, double maxQuantity);

    /**
     * One execution: quantity, price, the reference price before slippage, whether it was a maker
     * fill and its timestamp (epoch millis inside the bar).
     */
    record Execution(double quantity, double price, double basePrice, boolean maker, long ts) {}
}
