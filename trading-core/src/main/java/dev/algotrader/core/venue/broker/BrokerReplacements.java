package dev.algotrader.core.venue.broker;

import dev.algotrader.schema.Order;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replacement chain of a {@link BrokerVenue}: an amended stop-loss / take-profit is replaced at
 * the broker under {@code <id>-r<n+1>} for what is still to fill, and a replace the broker refused
 * while the order was still open there is tried again on the following bars.
 */
final class BrokerReplacements {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerReplacements.class);

    private final Broker broker;
    private final int amendRetryBars;

    BrokerReplacements(Broker broker, int amendRetryBars) {
        this.broker = broker;
        this.amendRetryBars = amendRetryBars;
    }

    /**
     * Replaces the amended stop-loss / take-profit {@code a} at the broker: the current broker
     * order ({@code <id>} or {@code <id>-r<n>}) is replaced by {@code <id>-r<n+1>} for what is
     * still to fill ({@code a}'s quantity minus the fills already booked) at {@code a}'s prices.
     * {@code order.amended_at_broker} when the broker took it (or already had it, after a restore);
     * {@code order.amend_refused} when it could not (filled meanwhile, not replaceable, unknown,
     * never reached the broker) — the kernel keeps its terms and the next poll books whatever the
     * broker filled. Refused while still open there: tried again on the next bar, up to {@code
     * amendRetryBars} times.
     */
    void amend(BrokerOrderTracker t, Order a, long barTs, boolean retry, BrokerVenue.Effects fx) {
        String id = a.clientOrderId();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("client_order_id", id);
        if (retry) d.put("retry_of_refused", true);
        d.put("symbol", a.symbol());
        d.put("bar_ts", barTs);
        d.put("broker", broker.name());
        BrokerOrderTracker.Track track = t.get(id);
        if (track == null) {
            d.put("outcome", "not_open");
            d.put("reason", "the order is not open at the broker (rejected or final there)");
            fx.audit("order.amend_refused", d);
            return;
        }
        String current = Broker.replacementId(id, track.amendments());
        String next = Broker.replacementId(id, track.amendments() + 1);
        double qty = a.quantity() - track.booked();
        d.put("broker_client_order_id", next);
        d.put("replaces", current);
        d.put("quantity", qty);
        if (!Double.isNaN(a.limitPrice())) d.put("limit_price", a.limitPrice());
        if (!Double.isNaN(a.stopPrice())) d.put("stop_price", a.stopPrice());
        if (!(qty > 1e-12)) {
            d.put("outcome", "nothing_left");
            d.put("reason", "the fills booked already cover the amended quantity");
            fx.audit("order.amend_refused", d);
            t.retries(id, 0);
            return;
        }
        Order replacement =
                new Order(
                        a.runId(),
                        next,
                        a.symbol(),
                        a.decisionTs(),
                        a.side(),
                        a.type(),
                        qty,
                        a.limitPrice(),
                        a.stopPrice(),
                        a.reason());
        ReplaceResult res = broker.replace(current, replacement);
        d.put("outcome", res.outcome().name().toLowerCase(Locale.ROOT));
        d.put("http_status", res.httpStatus());
        d.put("attempts", res.attempts());
        switch (res.outcome()) {
            case REPLACED, ALREADY_REPLACED -> {
                double prev =
                        res.previous() == null || Double.isNaN(res.previous().filledQuantity())
                                ? 0.0
                                : res.previous().filledQuantity();
                t.replaced(id, prev);
                fx.audit("order.amended_at_broker", d);
            }
            case NOT_REPLACEABLE, NOT_FOUND -> {
                d.put("reason", res.reason());
                if (res.previous() != null) {
                    d.put("status", res.previous().status());
                    d.put("filled_qty", res.previous().filledQuantity());
                }
                // still open there (e.g. pending_new, or accepted): the broker holds the old terms
                // while the kernel works the new ones, so the replace is tried again next bar
                int tried = track.amendRetries();
                boolean open = res.previous() != null && !res.previous().isFinal();
                if (open && tried < amendRetryBars) {
                    t.retries(id, tried + 1);
                    d.put("retry", "next bar (" + (tried + 1) + " of " + amendRetryBars + ")");
                } else {
                    t.retries(id, 0);
                    if (open) d.put("retry", "given up after " + tried + " retries");
                }
                fx.audit("order.amend_refused", d);
                LOG.warn(
                        "{} could not replace {} by {}: {} {}",
                        broker.name(),
                        current,
                        next,
                        res.outcome(),
                        res.reason());
            }
        }
    }

    /**
     * Replaces again, with the kernel's current terms, the working orders whose last replace the
     * broker refused while they were still open there (Alpaca answers 422 to a PATCH of an order in
     * {@code pending_new}, {@code accepted} or {@code pending_replace}; those states pass within
     * moments).
     */
    void retryRefused(
            BrokerOrderTracker t, BrokerVenue.Book book, long barTs, BrokerVenue.Effects fx) {
        for (String id : t.retriesDue()) {
            Order current = book.workingOrder(id);
            if (current == null || !t.isOpen(id)) {
                t.retries(id, 0); // filled, cancelled or final meanwhile
                continue;
            }
            amend(t, current, barTs, true, fx);
        }
    }
}
