package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel's book of working orders: emitted and neither filled nor cancelled yet, oldest first.
 * Every withdrawal goes through here and is recorded in the caller's {@code cancelled} list.
 */
public final class WorkingOrders implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final WorkingOrder.Kind[] KINDS = WorkingOrder.Kind.values();

    private final List<WorkingOrder> orders = new ArrayList<>();

    void write(DataOutput out) throws IOException {
        out.writeInt(orders.size());
        for (WorkingOrder w : orders) {
            KernelCodec.writeOrder(out, w.order());
            out.writeUTF(w.kind().name());
            out.writeLong(w.eligibleAt());
            out.writeLong(w.expiresAt());
            out.writeDouble(w.remaining());
        }
    }

    void addAll(WorkingOrders other) {
        orders.addAll(other.orders);
    }

    void read(DataInput in) throws IOException {
        int n = KernelCodec.count(in);
        for (int k = 0; k < n; k++) {
            Order o = KernelCodec.readOrder(in);
            WorkingOrder.Kind kind = KernelCodec.of(WorkingOrder.Kind.class, in.readUTF());
            WorkingOrder w = new WorkingOrder(o, kind, in.readLong(), in.readLong());
            w.restoreRemaining(in.readDouble());
            orders.add(w);
        }
    }

    public boolean isEmpty() {
        return orders.isEmpty();
    }

    public int size() {
        return orders.size();
    }

    /** A copy, oldest first. */
    public List<WorkingOrder> all() {
        return List.copyOf(orders);
    }

    public boolean contains(WorkingOrder order) {
        return orders.contains(order);
    }

    void add(WorkingOrder order) {
        orders.add(order);
    }

    boolean remove(WorkingOrder order) {
        return orders.remove(order);
    }

    /** Puts {@code next} in the place of {@code old} (an amendment keeps its age). */
    void replace(WorkingOrder old, WorkingOrder next) {
        orders.set(orders.indexOf(old), next);
    }

    /** The working order with client order id {@code id} (the newest if several), or null. */
    public WorkingOrder find(String id) {
        WorkingOrder found = null;
        for (WorkingOrder w : orders) {
            if (w.order().clientOrderId().equals(id)) found = w;
        }
        return found;
    }

    /** Execution priority: decision orders, then stop loss, then take profit; oldest first. */
    public List<WorkingOrder> inPriority() {
        int n = orders.size();
        List<WorkingOrder> ordered = new ArrayList<>(n);
        for (WorkingOrder.Kind k : KINDS) {
            for (int i = 0; i < n; i++) { // indexed: no iterator per bar
                WorkingOrder w = orders.get(i);
                if (w.kind() == k) ordered.add(w);
            }
        }
        return ordered;
    }

    /** True when a stop loss or take profit is working. */
    public boolean hasProtective() {
        for (int i = 0; i < orders.size(); i++) if (orders.get(i).protective()) return true;
        return false;
    }

    /** The working stop-loss and take-profit orders, oldest first. */
    List<WorkingOrder> protective() {
        List<WorkingOrder> out = new ArrayList<>(2);
        for (WorkingOrder w : orders) if (w.protective()) out.add(w);
        return out;
    }

    /** Cancels every working order of {@code kind}. */
    void cancelKind(WorkingOrder.Kind kind, List<Order> cancelled) {
        cancelWhere(w -> w.kind() == kind, cancelled);
    }

    /** Cancels the working stop loss and take profit. */
    void cancelProtective(List<Order> cancelled) {
        cancelKind(WorkingOrder.Kind.STOP_LOSS, cancelled);
        cancelKind(WorkingOrder.Kind.TAKE_PROFIT, cancelled);
    }

    /** Cancels the working orders {@code which} selects; returns those cancelled. */
    List<WorkingOrder> cancelWhere(Predicate<WorkingOrder> which, List<Order> cancelled) {
        List<WorkingOrder> gone = new ArrayList<>(0);
        Iterator<WorkingOrder> it = orders.iterator();
        while (it.hasNext()) {
            WorkingOrder w = it.next();
            if (which.test(w)) {
                cancelled.add(w.order());
                gone.add(w);
                it.remove();
            }
        }
        return gone;
    }

    private boolean anyExpires(long barEnd) {
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i).expiresAt() <= barEnd) return true;
        }
        return false;
    }

    /**
     * Cancels the orders that expire by {@code barEnd}; true when an entry (decision order) was
     * among them.
     */
    boolean expire(long barEnd, List<Order> cancelled) {
        if (!anyExpires(barEnd)) return false; // the usual bar: nothing to walk or allocate
        boolean entry = false;
        for (WorkingOrder w : cancelWhere(w -> w.expiresAt() <= barEnd, cancelled)) {
            entry |= w.kind() == WorkingOrder.Kind.DECISION;
        }
        return entry;
    }
}
