package dev.algotrader.core.venue;

import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.FillModel;
import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fills the kernel's working orders from the bars: the {@link FillModel} decides whether, how much
 * and at what price an order executes inside a bar (never before its decision close + latency) and
 * the {@link FeeModel} charges it. In {@link TradingMode#LONG_ONLY} the account has no leverage: a
 * buy fills only what the cash affords (the rest is refused) and a sell only what is held. It keeps
 * no state of its own — the book is the kernel's — so submit, amend and cancel have nothing to do.
 */
public final class SimulatedVenue implements Venue {

    private final FillModel fillModel;
    private final FeeModel feeModel;
    private final boolean cashAccount;

    public SimulatedVenue(FillModel fillModel, FeeModel feeModel, TradingMode mode) {
        this.fillModel = Objects.requireNonNull(fillModel);
        this.feeModel = Objects.requireNonNull(feeModel);
        this.cashAccount = mode == TradingMode.LONG_ONLY;
    }

    /** The venue of {@code cfg}'s fill and fee models and trading mode. */
    public static SimulatedVenue of(KernelConfig cfg) {
        return new SimulatedVenue(cfg.fillModel(), cfg.feeModel(), cfg.mode());
    }

    @Override
    public void submit(Order order) {}

    @Override
    public void amend(Order order) {}

    @Override
    public void cancel(Order order) {}

    @Override
    public List<Fill> fillsFor(Bar bar, long barEnd, OrderBook book) {
        List<WorkingOrder> ordered = book.inPriority();
        if (ordered.isEmpty()) return List.of();
        List<Fill> fills = new ArrayList<>(2);
        for (WorkingOrder w : ordered) {
            if (!book.isWorking(w)) continue; // cancelled by an OCO sibling
            if (w.eligibleAt() >= barEnd) continue;
            WorkingOrder wo = w;
            double max = wo.remaining();
            if (wo.protective()) {
                wo = book.followPosition(wo);
                if (wo == null) continue;
                max = Math.min(wo.remaining(), Math.abs(book.position()));
            }
            Fill f = execute(wo, bar, barEnd, max, book);
            if (f != null) fills.add(f);
        }
        return fills;
    }

    private Fill execute(WorkingOrder wo, Bar bar, long barEnd, double max, OrderBook book) {
        FillModel.Execution ex = fillModel.fill(wo, bar, barEnd, max);
        if (ex == null) return null;
        double qty = ex.quantity();
        boolean cashCapped = false;
        if (cashAccount) {
            if (wo.order().side() == Side.BUY) {
                double unitCost = ex.price() + feeModel.fee(ex.price(), ex.maker());
                double affordable = Math.max(0.0, book.cash()) / unitCost;
                cashCapped = affordable < qty;
                qty = Math.min(qty, affordable);
            } else {
                qty = Math.min(qty, Math.max(0.0, book.position()));
            }
            if (!(qty > 1e-12)) {
                if (cashCapped) book.refuse(wo);
                return null;
            }
        }
        double fee = feeModel.fee(qty * ex.price(), ex.maker());
        Order o = wo.order();
        Fill f =
                new Fill(
                        book.runId(),
                        o.clientOrderId(),
                        o.symbol(),
                        ex.ts(),
                        o.side(),
                        qty,
                        ex.price(),
                        fee,
                        Math.abs(ex.price() - ex.basePrice()) * qty);
        book.book(wo, f);
        if (cashCapped) book.refuse(wo); // no leverage in long-only: the rest is not affordable
        return f;
    }
}
