package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * Keeps one stop-loss / take-profit pair (one cancels the other) on the position: none when flat; a
 * new pair when a position opens or flips (or has none); otherwise, when the position changed size
 * since the pair was last sized, the working pair is amended in place (same client order id) to the
 * new quantity and the prices of the new average entry price. An OCO sibling cancelled by a partial
 * fill is not re-created. Its state is the position size the pair covers.
 */
public final class BracketManager implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The position quantity the working pair is sized for (0 = none). */
    private double protectedQty;

    void write(DataOutput out) throws IOException {
        out.writeDouble(protectedQty);
    }

    void read(DataInput in) throws IOException {
        protectedQty = in.readDouble();
    }

    public double protectedQty() {
        return protectedQty;
    }

    /** True when {@code op} asks for a stop loss or a take profit. */
    static boolean enabled(OrderPolicy op) {
        return op.stopLossPct() > 0 || op.takeProfitPct() > 0;
    }

    /**
     * A stop loss or take profit has started to close the position: an entry still working would
     * re-open it behind the strategy's back, so it is cancelled (exits stay), and so is its
     * sibling.
     */
    static void onProtectiveFill(WorkingOrder wo, WorkingOrders book, StepLog log) {
        Side side = wo.order().side();
        book.cancelWhere(
                w -> w.kind() == WorkingOrder.Kind.DECISION && w.order().side() != side,
                log.cancelled);
        book.cancelKind(
                wo.kind() == WorkingOrder.Kind.STOP_LOSS
                        ? WorkingOrder.Kind.TAKE_PROFIT
                        : WorkingOrder.Kind.STOP_LOSS,
                log.cancelled);
    }

    /**
     * Brings the pair in line with the position {@code pf} holds at the close {@code decisionTs}.
     */
    void attach(
            long decisionTs,
            Portfolio pf,
            WorkingOrders book,
            OrderPolicy op,
            OrderMaker maker,
            StepLog log) {
        double pos = pf.quantity();
        boolean has = book.hasProtective();
        if (pos == 0.0) {
            if (has) book.cancelProtective(log.cancelled);
            protectedQty = 0.0;
            return;
        }
        if (has && pos == protectedQty) return;
        double avg = pf.avgPrice();
        int sign = (int) Math.signum(pos);
        double stop = avg * (1 - sign * op.stopLossPct());
        double limit = avg * (1 + sign * op.takeProfitPct());
        if (has && Math.signum(protectedQty) == sign) {
            amendPair(book, Math.abs(pos), stop, limit, log);
        } else {
            book.cancelProtective(log.cancelled);
            Side exit = sign > 0 ? Side.SELL : Side.BUY;
            long eligible = decisionTs + op.latencyMs();
            if (op.stopLossPct() > 0) {
                Order o =
                        maker.make(
                                decisionTs,
                                "sl",
                                exit,
                                OrderType.STOP,
                                Math.abs(pos),
                                Double.NaN,
                                stop,
                                "stop-loss");
                add(book, o, WorkingOrder.Kind.STOP_LOSS, eligible, log);
            }
            if (op.takeProfitPct() > 0) {
                Order o =
                        maker.make(
                                decisionTs,
                                "tp",
                                exit,
                                OrderType.LIMIT,
                                Math.abs(pos),
                                limit,
                                Double.NaN,
                                "take-profit");
                add(book, o, WorkingOrder.Kind.TAKE_PROFIT, eligible, log);
            }
        }
        protectedQty = pos;
    }

    private static void add(
            WorkingOrders book, Order o, WorkingOrder.Kind kind, long eligible, StepLog log) {
        book.add(new WorkingOrder(o, kind, eligible, Long.MAX_VALUE));
        log.orders.add(o);
    }

    private static void amendPair(
            WorkingOrders book, double size, double stop, double limit, StepLog log) {
        for (WorkingOrder w : book.protective()) {
            Order o = w.order();
            boolean sl = w.kind() == WorkingOrder.Kind.STOP_LOSS;
            double px = sl ? stop : limit;
            double oldPx = sl ? o.stopPrice() : o.limitPrice();
            double tol = 1e-12 * Math.max(1.0, size);
            if (Math.abs(w.remaining() - size) <= tol && Math.abs(px - oldPx) <= 1e-12 * px) {
                continue; // e.g. its own partial fill: the rest still covers the position
            }
            resize(book, w, size, px, log);
        }
    }

    /**
     * Replaces the working protective order {@code w} by one with the same client order id that
     * covers {@code size} more units (its quantity = what already filled + {@code size}, a broker's
     * replace semantics) at {@code price} (NaN = unchanged); records it as amended.
     */
    static WorkingOrder resize(
            WorkingOrders book, WorkingOrder w, double size, double price, StepLog log) {
        Order o = w.order();
        boolean sl = w.kind() == WorkingOrder.Kind.STOP_LOSS;
        double px = Double.isNaN(price) ? (sl ? o.stopPrice() : o.limitPrice()) : price;
        double filled = o.quantity() - w.remaining();
        Order a =
                new Order(
                        o.runId(),
                        o.clientOrderId(),
                        o.symbol(),
                        o.decisionTs(),
                        o.side(),
                        o.type(),
                        filled + size,
                        sl ? Double.NaN : px,
                        sl ? px : Double.NaN,
                        o.reason());
        WorkingOrder r = new WorkingOrder(a, w.kind(), w.eligibleAt(), w.expiresAt());
        r.reduce(filled);
        book.replace(w, r);
        log.amend(a);
        return r;
    }
}
