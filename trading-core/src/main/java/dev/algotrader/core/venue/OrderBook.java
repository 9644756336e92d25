package dev.algotrader.core.venue;

import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.schema.Fill;
import java.util.List;

/**
 * The kernel's side of a {@link Venue}: its working orders, its account and the booking of fills. A
 * venue reads and changes the kernel's state only through this.
 */
public interface OrderBook {

    /** The run the fills belong to. */
    String runId();

    /**
     * The working orders in execution priority (decision orders, then stop loss before take profit:
     * the worst case when both trigger in one bar), a copy.
     */
    List<WorkingOrder> inPriority();

    /** False once {@code order} filled completely or was cancelled (e.g. by an OCO sibling). */
    boolean isWorking(WorkingOrder order);

    /** Signed position quantity. */
    double position();

    /** Cash of the account. */
    double cash();

    /**
     * The protective {@code order} made to follow the position before it may fill: null when there
     * is nothing for it to close; resized (an amendment) when part of the entry filled earlier in
     * this bar and the position grew beyond it — the worst case: the stop closes all of it.
     */
    WorkingOrder followPosition(WorkingOrder order);

    /** Books a fill of {@code order}: portfolio, remaining quantity, OCO and flat clean-up. */
    void book(WorkingOrder order, Fill fill);

    /** The venue refused the rest of {@code order} (e.g. not affordable): it stops working. */
    void refuse(WorkingOrder order);
}
