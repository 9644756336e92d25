package dev.algotrader.core.trading;

import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.List;

/** What the kernel's components changed in the book during one step, in the order it happened. */
final class StepLog {
    final List<Order> orders = new ArrayList<>(0);
    final List<Order> cancelled = new ArrayList<>(0);
    final List<Order> amended = new ArrayList<>(0);
    final List<Trade> trades = new ArrayList<>(0);

    /** Records the new terms of an amended order: once per step, the latest terms. */
    void amend(Order a) {
        amended.removeIf(x -> x.clientOrderId().equals(a.clientOrderId()));
        amended.add(a);
    }

    /** Empties the log for the next step (the kernel reuses one log: no allocation per bar). */
    void clear() {
        if (!orders.isEmpty()) orders.clear();
        if (!cancelled.isEmpty()) cancelled.clear();
        if (!amended.isEmpty()) amended.clear();
        if (!trades.isEmpty()) trades.clear();
    }

    /** What a step result keeps of one of the lists: a copy, since the log is reused. */
    static <T> List<T> frozen(List<T> list) {
        return list.isEmpty() ? List.of() : List.copyOf(list);
    }
}
