package dev.algotrader.core.venue.broker;

import dev.algotrader.core.venue.OrderBook;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution at an external broker for one symbol's kernel: submits its orders (idempotently by
 * client order id), polls and books the broker's fills before each decision, replaces amended
 * stop-loss / take-profit orders under {@code <id>-r<n>} (retrying a replace the broker refused
 * while the order was still open), and cancels what the kernel cancelled. The state is the {@link
 * BrokerOrderTracker} passed to each call; the kernel side is a {@link Book}; fills and audit
 * events go to {@link Effects} in the order they happen.
 *
 * <p>Fills are booked once across a replacement chain: the fills of an order so far are those of
 * the orders it replaced plus the current one's, minus what was booked already.
 *
 * <p>As the kernel's {@link Venue} (the execution port, like the simulated venue of backtest and
 * paper) it works on the tracker, bar and effects {@link #bind bound} for the current bar: the
 * kernel's submissions, amendments and cancellations go to the broker as they happen, and {@link
 * #fillsFor} books the broker's new fills (and retries refused replaces) before the decision.
 */
public final class BrokerVenue implements Venue {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerVenue.class);

    /** The kernel as the venue sees it. */
    public interface Book {
        /** True while the kernel still works the order {@code clientOrderId}. */
        boolean working(String clientOrderId);

        /** The kernel's current terms of the working order, or null. */
        Order workingOrder(String clientOrderId);

        /** Books a broker fill; returns the orders the kernel cancelled because of it (OCO). */
        List<Order> bookFill(Fill fill);
    }

    /** Where the venue's results go, in the order they happen. */
    public interface Effects {
        void fill(Fill fill);

        void audit(String event, Map<String, Object> details);

        /** The broker rejected an order (a metric). */
        default void rejected() {}
    }

    private final Broker broker;
    private final String runId;
    private final BrokerReplacements replacements;
    private BrokerOrderTracker tracker;
    private long barTs;
    private Effects effects;

    /**
     * @param broker the broker (owned by the caller, who closes it)
     * @param runId run id of the fills booked
     * @param amendRetryBars on how many following bars a refused replace is tried again
     */
    public BrokerVenue(Broker broker, String runId, int amendRetryBars) {
        this.broker = broker;
        this.runId = runId;
        this.replacements = new BrokerReplacements(broker, amendRetryBars);
    }

    /** The broker's name, for events. */
    public String name() {
        return broker.name();
    }

    /**
     * Binds the venue to one symbol's {@code tracker} and the bar at {@code barTs} before the
     * kernel is driven through the {@link Venue} port; the tracker is changed in place.
     */
    public BrokerVenue bind(BrokerOrderTracker tracker, long barTs, Effects effects) {
        this.tracker = java.util.Objects.requireNonNull(tracker);
        this.barTs = barTs;
        this.effects = java.util.Objects.requireNonNull(effects);
        return this;
    }

    /** The tracker bound last. */
    public BrokerOrderTracker tracker() {
        return tracker;
    }

    private BrokerOrderTracker bound() {
        if (tracker == null) throw new IllegalStateException("broker venue used before bind");
        return tracker;
    }

    @Override
    public void submit(Order order) {
        submit(bound(), order, barTs, effects);
    }

    @Override
    public void amend(Order order) {
        amend(bound(), order, barTs, false, effects);
    }

    @Override
    public void cancel(Order order) {
        cancel(bound(), List.of(order), order.symbol(), barTs, effects);
    }

    /**
     * Polls every bar, also when the kernel works nothing: orders the trader still tracks (a
     * restored savepoint, a resumed run) are looked up and forgotten once final.
     */
    @Override
    public boolean pollsEveryBar() {
        return true;
    }

    /**
     * The broker's new fills of the kernel's orders, booked into {@code book} as they are found;
     * then the refused replaces due are tried again. An OCO sibling a fill cancels in the kernel
     * comes back to {@link #cancel(Order)} at the end of the kernel's step.
     */
    @Override
    public List<Fill> fillsFor(Bar bar, long barEnd, OrderBook book) {
        List<Fill> fills = new ArrayList<>(2);
        Effects fx = effects;
        Effects collect =
                new Effects() {
                    @Override
                    public void fill(Fill f) {
                        fills.add(f);
                    }

                    @Override
                    public void audit(String event, Map<String, Object> details) {
                        fx.audit(event, details);
                    }

                    @Override
                    public void rejected() {
                        fx.rejected();
                    }
                };
        beforeBar(bound(), new KernelOrders(book), bar.symbol(), bar.ts(), collect);
        return fills;
    }

    /**
     * Before the next decision: books the broker's new fills of the orders open there, then tries
     * again the replaces it refused while they were open.
     */
    public void beforeBar(BrokerOrderTracker t, Book book, String symbol, long barTs, Effects fx) {
        pollFills(t, book, symbol, barTs, fx);
        replacements.retryRefused(t, book, barTs, fx);
    }

    /** Submits a new kernel order; {@code order.submitted}, {@code order.already_submitted} … */
    public void submit(BrokerOrderTracker t, Order o, long barTs, Effects fx) {
        SubmitResult res = broker.submit(o);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", o.clientOrderId());
        d.put("symbol", o.symbol());
        d.put("side", o.side().name());
        d.put("quantity", o.quantity());
        d.put("bar_ts", barTs);
        d.put("broker", broker.name());
        d.put("attempts", res.attempts());
        switch (res.outcome()) {
            case SUBMITTED -> {
                t.submitted(o.clientOrderId());
                fx.audit("order.submitted", d);
            }
            case ALREADY_SUBMITTED -> {
                t.alreadySubmitted(o.clientOrderId());
                fx.audit("order.already_submitted", d);
            }
            case REJECTED -> {
                fx.rejected();
                d.put("http_status", res.httpStatus());
                d.put("reason", res.reason());
                fx.audit("order.rejected", d);
                LOG.warn(
                        "{} rejected order {}: HTTP {} {}",
                        broker.name(),
                        o.clientOrderId(),
                        res.httpStatus(),
                        res.reason());
            }
        }
    }

    /**
     * Orders the kernel cancelled (kill switch, expiry, the other leg of a stop-loss/take-profit
     * pair, protection replaced) are cancelled at the broker too, if they reached it: otherwise
     * they would stay live there and could fill against a position the kernel no longer holds. The
     * cancel is idempotent, so a replay after a restore sends nothing twice. An order the broker
     * filled in the meantime cannot be cancelled: {@code order.cancel_refused} says so with the
     * filled quantity (the start-up reconciliation then sees the difference).
     */
    public void cancel(
            BrokerOrderTracker t, List<Order> cancelled, String symbol, long barTs, Effects fx) {
        for (Order o : cancelled) {
            String id = o.clientOrderId();
            if (!t.isOpen(id)) continue; // never reached the broker, or final there
            String atBroker = t.brokerId(id);
            CancelResult c = broker.cancel(atBroker);
            t.forget(id);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("client_order_id", id);
            if (!atBroker.equals(id)) d.put("broker_client_order_id", atBroker);
            d.put("symbol", symbol);
            d.put("bar_ts", barTs);
            d.put("broker", broker.name());
            d.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
            d.put("http_status", c.httpStatus());
            if (c.outcome() == CancelResult.Outcome.CANCELED) {
                fx.audit("order.cancelled_at_broker", d);
            } else {
                d.put("reason", c.reason());
                if (c.order() != null) {
                    d.put("status", c.order().status());
                    d.put("filled_qty", c.order().filledQuantity());
                }
                fx.audit("order.cancel_refused", d);
                LOG.warn(
                        "{} could not cancel {}: {} {}",
                        broker.name(),
                        id,
                        c.outcome(),
                        c.reason());
            }
        }
    }

    /**
     * Replaces the amended stop-loss / take-profit {@code a} at the broker under the next {@code
     * <id>-r<n>} ({@link BrokerReplacements#amend}); a replace refused while the order is still
     * open there is tried again on the next bar(s).
     */
    public void amend(BrokerOrderTracker t, Order a, long barTs, boolean retry, Effects fx) {
        replacements.amend(t, a, barTs, retry, fx);
    }

    /** Books the broker's new fills of the orders open there into the kernel. */
    void pollFills(BrokerOrderTracker t, Book book, String symbol, long barTs, Effects fx) {
        for (String id : t.ids()) {
            Optional<BrokerOrder> bo = broker.findByClientOrderId(t.brokerId(id));
            if (bo.isEmpty()) continue;
            BrokerOrder o = bo.get();
            BrokerOrderTracker.Track track = t.get(id);
            double booked = track == null ? 0.0 : track.booked();
            // the order's fills so far: those of the orders it replaced plus the current one's
            double filled =
                    (track == null ? 0.0 : track.filledOnReplaced())
                            + (Double.isNaN(o.filledQuantity()) ? 0 : o.filledQuantity());
            if (filled > booked + 1e-12 && book.working(id)) {
                Fill f =
                        new Fill(
                                runId,
                                id,
                                symbol,
                                barTs,
                                o.side(),
                                filled - booked,
                                o.filledAvgPrice(),
                                0.0,
                                0.0);
                List<Order> cancelled = book.bookFill(f);
                fx.fill(f);
                auditFill(f, book.working(id), fx);
                t.booked(id, filled);
                // e.g. the take-profit of a position the stop-loss just closed
                cancel(t, cancelled, symbol, barTs, fx);
            }
            // "replaced" by a replacement this run has not reached yet (a replay after a crash):
            // keep tracking; the replayed amendment finds the replacement by look-up
            boolean replacedAhead = "replaced".equals(o.status()) && book.working(id);
            if ((o.isFinal() && !replacedAhead) || !book.working(id)) t.forget(id);
        }
    }

    /** {@code order.filled} (nothing left to fill) or {@code order.partially_filled}. */
    public static void auditFill(Fill f, boolean stillWorking, String brokerName, Effects fx) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", f.clientOrderId());
        d.put("symbol", f.symbol());
        d.put("side", f.side().name());
        d.put("quantity", f.quantity());
        d.put("price", f.price());
        d.put("fee", f.fee());
        d.put("ts", f.ts());
        d.put("broker", brokerName);
        fx.audit(stillWorking ? "order.partially_filled" : "order.filled", d);
    }

    private void auditFill(Fill f, boolean stillWorking, Effects fx) {
        auditFill(f, stillWorking, broker.name(), fx);
    }
}
