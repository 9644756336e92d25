package dev.algotrader.stream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.trading.ClientOrderIds;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.core.venue.broker.BrokerPosition;
import dev.algotrader.schema.Side;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After a crash the start-up reconciliation adopts the open orders whose client ids this trader
 * derives (incl. replacements {@code <id>-r<n>}) and decided after the book's cursor, counts their
 * fills into the expected position, and refuses foreign orders by name.
 */
class ReconcilerAdoptionTest {

    static final long CURSOR_CLOSE = 1_385_400_000_000L;
    static final OwnOrders OWN = new OwnOrders("sma-cross", List.of("3"));

    static String id(long ts, String kind, String version) {
        return ClientOrderIds.of("sma-cross", "BTC/USD", ts, version, kind);
    }

    static BrokerOrder order(String id, Side side, double qty, double filled, String status) {
        return new BrokerOrder("x-" + id, id, "BTC/USD", side, qty, filled, 1000, status);
    }

    Reconciler.Result check(
            List<BrokerPosition> pos, List<BrokerOrder> open, List<BrokerOrder> all) {
        return Reconciler.check(
                Map.of("BTC/USD", 0.0),
                Set.of(),
                Set.of("BTC/USD"),
                pos,
                open,
                1e-6,
                new Reconciler.Adoption(OWN, Map.of("BTC/USD", CURSOR_CLOSE), all, Map.of()));
    }

    @Test
    void derivesOwnIdsAndReplacementsOnly() {
        String en = id(CURSOR_CLOSE + 60_000, "en", "");
        assertThat(OWN.derive(en, "BTC/USD")).isPresent();
        assertThat(OWN.derive(id(CURSOR_CLOSE + 60_000, "sl", "3"), "BTC/USD")).isPresent();
        assertThat(OWN.derive(Broker.replacementId(en, 2), "BTC/USD"))
                .hasValueSatisfying(o -> assertThat(o.replacement()).isEqualTo(2));
        assertThat(OWN.derive(en, "ETH/USD")).as("another symbol's hash").isEmpty();
        assertThat(OWN.derive(id(CURSOR_CLOSE, "en", "99"), "BTC/USD"))
                .as("unknown model")
                .isEmpty();
        assertThat(new OwnOrders("rsi-reversion", List.of()).derive(en, "BTC/USD")).isEmpty();
        assertThat(OWN.derive("my-manual-order-1", "BTC/USD")).isEmpty();
        assertThat(OWN.derive(en.substring(0, en.length() - 1) + "0", "BTC/USD")).isEmpty();
    }

    @Test
    void adoptsOwnOpenOrdersAndExpectsTheFillsOfAdoptedOrders() {
        String entry = id(CURSOR_CLOSE + 60_000, "en", "");
        String stop = id(CURSOR_CLOSE + 60_000, "sl", "");
        String stopReplaced = Broker.replacementId(stop, 1);
        List<BrokerOrder> all =
                List.of(
                        order(entry, Side.BUY, 2, 2, "filled"),
                        order(stop, Side.SELL, 2, 0, "replaced"),
                        order(stopReplaced, Side.SELL, 2, 0, "new"));
        Reconciler.Result r =
                check(List.of(new BrokerPosition("BTC/USD", 2, 1000)), List.of(all.get(2)), all);
        assertThat(r.ok()).as(String.join("; ", r.differences())).isTrue();
        assertThat(r.adopted()).containsExactly(stopReplaced);
    }

    @Test
    void refusesForeignOrdersAndOwnOrdersTheReplayWouldNotDeriveNamingThem() {
        String old = id(CURSOR_CLOSE - 60_000, "tp", "");
        List<BrokerOrder> open =
                List.of(
                        order("my-manual-order-1", Side.BUY, 1, 0, "new"),
                        order(old, Side.SELL, 1, 0, "new"));
        Reconciler.Result r = check(List.of(), open, open);
        assertThat(r.ok()).isFalse();
        assertThat(r.adopted()).isEmpty();
        assertThat(r.differences())
                .anySatisfy(
                        d ->
                                assertThat(d)
                                        .contains("my-manual-order-1")
                                        .contains("was not sent by this trader"))
                .anySatisfy(d -> assertThat(d).contains(old).contains("before the book's cursor"));
    }

    @Test
    void aPositionNoAdoptedFillExplainsIsStillRefused() {
        String entry = id(CURSOR_CLOSE + 60_000, "en", "");
        List<BrokerOrder> all = List.of(order(entry, Side.BUY, 1, 1, "filled"));
        Reconciler.Result r = check(List.of(new BrokerPosition("BTCUSD", 3, 1000)), List.of(), all);
        assertThat(r.ok()).isFalse();
        assertThat(r.differences().get(0)).contains("plus 1.0 filled on adopted orders");
    }
}
