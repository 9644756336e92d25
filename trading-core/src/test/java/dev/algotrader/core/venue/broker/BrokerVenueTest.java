package dev.algotrader.core.venue.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link BrokerVenue} without Flink: a kernel stand-in ({@link BrokerVenue.Book}) and a {@link
 * ScriptedBroker}; one {@link BrokerOrderTracker} carries everything between calls.
 */
class BrokerVenueTest {

    static final long BAR = 1_700_000_000_000L;

    /** The kernel side: working orders with their quantities, fills booked. */
    static final class Book implements BrokerVenue.Book {
        final Map<String, Order> working = new HashMap<>();
        final Map<String, Double> filled = new HashMap<>();

        @Override
        public boolean working(String id) {
            return working.containsKey(id);
        }

        @Override
        public Order workingOrder(String id) {
            return working.get(id);
        }

        @Override
        public List<Order> bookFill(Fill f) {
            double q = filled.merge(f.clientOrderId(), f.quantity(), Double::sum);
            Order o = working.get(f.clientOrderId());
            if (q >= o.quantity() - 1e-12) working.remove(f.clientOrderId());
            return List.of();
        }
    }

    /** What the venue produced, in order. */
    static final class Effects implements BrokerVenue.Effects {
        final List<Fill> fills = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<Map<String, Object>> details = new ArrayList<>();

        @Override
        public void fill(Fill f) {
            fills.add(f);
        }

        @Override
        public void audit(String event, Map<String, Object> d) {
            events.add(event);
            details.add(new LinkedHashMap<>(d));
        }
    }

    static Order order(String id, OrderType type, double qty) {
        return new Order("run", id, "BTC/USD", BAR, Side.BUY, type, qty, Double.NaN, 90.0, "x");
    }

    @Test
    void fillsOfOneOrderAreBookedOnceAcrossPollsAndTheFinishedOrderIsForgotten() {
        ScriptedBroker broker = new ScriptedBroker();
        BrokerVenue venue = new BrokerVenue(broker, "run", 2);
        BrokerOrderTracker t = new BrokerOrderTracker();
        Book book = new Book();
        Effects fx = new Effects();
        Order entry = order("en-1", OrderType.MARKET, 1.0);
        book.working.put("en-1", entry);

        venue.submit(t, entry, BAR, fx);
        venue.submit(t, entry, BAR, fx);
        assertThat(fx.events).containsExactly("order.submitted", "order.already_submitted");
        assertThat(t.isOpen("en-1")).isTrue();

        broker.fill("en-1", 0.4, 100.0);
        venue.beforeBar(t, book, "BTC/USD", BAR + 60_000, fx);
        venue.beforeBar(t, book, "BTC/USD", BAR + 120_000, fx); // nothing new: nothing booked
        broker.fill("en-1", 0.6, 101.0);
        venue.beforeBar(t, book, "BTC/USD", BAR + 180_000, fx);

        assertThat(fx.fills).extracting(Fill::quantity).containsExactly(0.4, 0.6);
        assertThat(fx.events).endsWith("order.partially_filled", "order.filled").hasSize(4);
        assertThat(t.isEmpty()).as("filled at the broker: no longer tracked").isTrue();
    }

    @Test
    void aRefusedReplaceIsRetriedThenTheChainsCurrentOrderIsCancelled() {
        ScriptedBroker broker = new ScriptedBroker();
        BrokerVenue venue = new BrokerVenue(broker, "run", 2);
        BrokerOrderTracker t = new BrokerOrderTracker();
        Book book = new Book();
        Effects fx = new Effects();
        Order stop = order("sl-1", OrderType.STOP, 0.5);
        book.working.put("sl-1", stop);
        venue.submit(t, stop, BAR, fx);

        broker.refuseNextReplaces(1);
        Order amended = order("sl-1", OrderType.STOP, 1.0);
        book.working.put("sl-1", amended);
        venue.amend(t, amended, BAR + 60_000, false, fx);
        assertThat(fx.events).last().isEqualTo("order.amend_refused");
        assertThat(fx.details.get(fx.details.size() - 1))
                .containsEntry("retry", "next bar (1 of 2)");
        assertThat(t.retriesDue()).containsExactly("sl-1");

        venue.beforeBar(t, book, "BTC/USD", BAR + 120_000, fx);
        assertThat(fx.events).last().isEqualTo("order.amended_at_broker");
        assertThat(fx.details.get(fx.details.size() - 1)).containsEntry("retry_of_refused", true);
        assertThat(t.brokerId("sl-1")).isEqualTo(Broker.replacementId("sl-1", 1));
        assertThat(t.retriesDue()).isEmpty();
        assertThat(broker.open()).containsOnlyKeys("sl-1-r1");
        assertThat(broker.open().get("sl-1-r1").quantity()).isEqualTo(1.0);

        venue.cancel(t, List.of(amended), "BTC/USD", BAR + 180_000, fx);
        assertThat(broker.calls).contains("cancel sl-1-r1");
        assertThat(fx.events).last().isEqualTo("order.cancelled_at_broker");
        assertThat(broker.open()).isEmpty();
        assertThat(t.isEmpty()).isTrue();
    }

    @Test
    void aReplaceRefusedOnEveryTryIsGivenUpAfterTheConfiguredRetries() {
        ScriptedBroker broker = new ScriptedBroker();
        BrokerVenue venue = new BrokerVenue(broker, "run", 1);
        BrokerOrderTracker t = new BrokerOrderTracker();
        Book book = new Book();
        Effects fx = new Effects();
        Order stop = order("sl-2", OrderType.STOP, 0.5);
        book.working.put("sl-2", stop);
        venue.submit(t, stop, BAR, fx);
        broker.refuseNextReplaces(5);
        venue.amend(t, order("sl-2", OrderType.STOP, 1.0), BAR, false, fx);
        venue.beforeBar(t, book, "BTC/USD", BAR + 60_000, fx);
        assertThat(fx.details.get(fx.details.size() - 1))
                .containsEntry("retry", "given up after 1 retries");
        venue.beforeBar(t, book, "BTC/USD", BAR + 120_000, fx);
        assertThat(broker.calls.stream().filter(c -> c.startsWith("replace "))).hasSize(2);
        assertThat(t.isOpen("sl-2")).as("still open at the broker with the old terms").isTrue();
    }
}
