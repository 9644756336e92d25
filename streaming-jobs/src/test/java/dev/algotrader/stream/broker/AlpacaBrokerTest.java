package dev.algotrader.stream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerAccount;
import dev.algotrader.core.venue.broker.BrokerOrder;
import dev.algotrader.core.venue.broker.BrokerPosition;
import dev.algotrader.core.venue.broker.BrokerUnavailableException;
import dev.algotrader.core.venue.broker.CancelResult;
import dev.algotrader.core.venue.broker.ReplaceResult;
import dev.algotrader.core.venue.broker.SubmitResult;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import dev.algotrader.stream.FakeAlpaca;
import dev.algotrader.stream.FakeAlpaca.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlpacaBrokerTest {

    static final String KEY = "PKTESTKEYID0123456789";
    static final String SECRET = "sEcReTvAlUe0123456789abcdefghijklmnopqrs";

    FakeAlpaca fake;
    List<Duration> sleeps;
    AlpacaBroker broker;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeAlpaca();
        sleeps = new ArrayList<>();
        broker = broker(5, Duration.ofSeconds(5));
    }

    private AlpacaBroker broker(int retries, Duration timeout) {
        AlpacaSettings s =
                AlpacaSettings.paper(fake.baseUrl())
                        .withRetries(
                                retries, Duration.ofMillis(100), Duration.ofSeconds(2), timeout);
        return new AlpacaBroker(
                s, Map.of("APCA_API_KEY_ID", KEY, "APCA_API_SECRET_KEY", SECRET), sleeps::add);
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    static Order order(String id) {
        return new Order(
                "run",
                id,
                "BTC/USD",
                1_700_000_000_000L,
                Side.BUY,
                OrderType.MARKET,
                0.25,
                Double.NaN,
                Double.NaN,
                "enter");
    }

    @Test
    void submitLooksUpFirstThenPostsOnceWithKeysInHeaders() {
        SubmitResult r = broker.submit(order("sma-btcusd-1-en-aa"));
        assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(r.order().filledQuantity()).isEqualTo(0.25);
        assertThat(r.order().filledAvgPrice()).isEqualTo(1000.0);
        assertThat(fake.requestLines)
                .containsExactly(
                        "GET /v2/orders:by_client_order_id?client_order_id=sma-btcusd-1-en-aa",
                        "POST /v2/orders");
        assertThat(fake.keyHeaders).allMatch(h -> h.equals(KEY + "|" + SECRET));
    }

    @Test
    void cancelDeletesAnOpenOrderByAlpacasOrderIdOnceAndIsIdempotent() {
        Order limit =
                new Order(
                        "run",
                        "sma-btcusd-1-tp-aa",
                        "BTC/USD",
                        1_700_000_000_000L,
                        Side.SELL,
                        OrderType.LIMIT,
                        0.25,
                        1100.0,
                        Double.NaN,
                        "take-profit");
        SubmitResult sent = broker.submit(limit);
        assertThat(sent.order().status()).isEqualTo("new");
        fake.requestLines.clear();

        CancelResult c = broker.cancel("sma-btcusd-1-tp-aa");
        assertThat(c.outcome()).isEqualTo(CancelResult.Outcome.CANCELED);
        assertThat(c.httpStatus()).isEqualTo(204);
        assertThat(fake.requestLines)
                .containsExactly(
                        "GET /v2/orders:by_client_order_id?client_order_id=sma-btcusd-1-tp-aa",
                        "DELETE /v2/orders/" + sent.order().id());
        assertThat(fake.orders.get("sma-btcusd-1-tp-aa").get("status").asText())
                .isEqualTo("canceled");
        assertThat(broker.openOrders()).isEmpty();

        // a replay after a restore cancels again: looked up, nothing deleted twice
        assertThat(broker.cancel("sma-btcusd-1-tp-aa").outcome())
                .isEqualTo(CancelResult.Outcome.CANCELED);
        assertThat(fake.cancels).containsExactly("sma-btcusd-1-tp-aa");
        assertThat(fake.keyHeaders).allMatch(h -> h.equals(KEY + "|" + SECRET));
    }

    @Test
    void cancelOfAFilledOrderIsNotCancelableAndOfAnUnknownOneNotFound() {
        broker.submit(order("filled-at-once"));
        fake.requestLines.clear();
        CancelResult filled = broker.cancel("filled-at-once");
        assertThat(filled.outcome()).isEqualTo(CancelResult.Outcome.NOT_CANCELABLE);
        assertThat(filled.order().filledQuantity()).isEqualTo(0.25);
        assertThat(fake.requestLines).noneMatch(l -> l.startsWith("DELETE"));
        assertThat(broker.cancel("never-sent").outcome()).isEqualTo(CancelResult.Outcome.NOT_FOUND);
        assertThat(fake.cancels).isEmpty();
    }

    static Order stop(String id, double qty, double stopPrice) {
        return new Order(
                "run",
                id,
                "BTC/USD",
                1_700_000_000_000L,
                Side.SELL,
                OrderType.STOP,
                qty,
                Double.NaN,
                stopPrice,
                "stop-loss");
    }

    @Test
    void replacePatchesByAlpacasOrderIdWithTheNewTermsAndClientOrderIdOnce() {
        SubmitResult sent = broker.submit(stop("sma-btcusd-1-sl-aa", 0.25, 950.0));
        fake.fill("sma-btcusd-1-sl-aa", 0.05);
        fake.requestLines.clear();
        String next = Broker.replacementId("sma-btcusd-1-sl-aa", 1);
        assertThat(next).isEqualTo("sma-btcusd-1-sl-aa-r1");

        ReplaceResult r = broker.replace("sma-btcusd-1-sl-aa", stop(next, 0.45, 940.5));
        assertThat(r.outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(fake.requestLines)
                .containsExactly(
                        "GET /v2/orders:by_client_order_id?client_order_id=" + next,
                        "GET /v2/orders:by_client_order_id?client_order_id=sma-btcusd-1-sl-aa",
                        "PATCH /v2/orders/" + sent.order().id(),
                        "GET /v2/orders:by_client_order_id?client_order_id=sma-btcusd-1-sl-aa");
        assertThat(fake.replaces)
                .containsExactly(
                        new FakeAlpaca.Replace("sma-btcusd-1-sl-aa", next, 0.45, null, "940.5"));
        // Alpaca: a new order with a new id; the old one is replaced and keeps its fills
        assertThat(r.order().id()).isNotEqualTo(sent.order().id());
        assertThat(r.order().clientOrderId()).isEqualTo(next);
        assertThat(r.order().quantity()).isEqualTo(0.45);
        assertThat(r.previous().status()).isEqualTo("replaced");
        assertThat(r.previous().filledQuantity()).isEqualTo(0.05);
        assertThat(broker.findByClientOrderId(next).orElseThrow().status()).isEqualTo("new");
        assertThat(broker.openOrders())
                .extracting(BrokerOrder::clientOrderId)
                .containsExactly(next);

        // a replay after a restore: the replacement is found by its id, nothing is patched again
        fake.requestLines.clear();
        ReplaceResult again = broker.replace("sma-btcusd-1-sl-aa", stop(next, 0.45, 940.5));
        assertThat(again.outcome()).isEqualTo(ReplaceResult.Outcome.ALREADY_REPLACED);
        assertThat(again.order().clientOrderId()).isEqualTo(next);
        assertThat(fake.requestLines).noneMatch(l -> l.startsWith("PATCH"));
        assertThat(fake.replaces).hasSize(1);
        assertThat(fake.keyHeaders).allMatch(h -> h.equals(KEY + "|" + SECRET));
    }

    @Test
    void replacementIdsStayWithinFortyEightCharactersAndDistinct() {
        String longId = "abcdefghijkl-btcusd-lq2x8k9c-sl-0123abcd" + "xxxxxxxx"; // 48 chars
        assertThat(longId).hasSize(48);
        Set<String> ids = new java.util.HashSet<>();
        for (int n = 0; n <= 120; n++) {
            String id = Broker.replacementId(longId, n);
            assertThat(id.length()).isLessThanOrEqualTo(48);
            ids.add(id);
        }
        assertThat(ids).hasSize(121);
        assertThat(Broker.replacementId(longId, 0)).isEqualTo(longId);
    }

    @Test
    void replaceOfAFilledOrderIsRefusedWith422AndNoCrash() {
        broker.submit(stop("sl-filled", 0.25, 950.0));
        fake.fill("sl-filled", 0.25); // filled between our look-up and Alpaca's answer
        ReplaceResult known = broker.replace("sl-filled", stop("sl-filled-r1", 0.5, 940.0));
        assertThat(known.outcome()).isEqualTo(ReplaceResult.Outcome.NOT_REPLACEABLE);
        assertThat(known.reason()).isEqualTo("order is filled");

        broker.submit(stop("sl-open", 0.25, 950.0));
        fake.scriptPatch(Fault.UNPROCESSABLE_422);
        ReplaceResult refused = broker.replace("sl-open", stop("sl-open-r1", 0.5, 940.0));
        assertThat(refused.outcome()).isEqualTo(ReplaceResult.Outcome.NOT_REPLACEABLE);
        assertThat(refused.httpStatus()).isEqualTo(422);
        assertThat(refused.reason()).contains("not replaceable");
        assertThat(refused.previous().status()).isEqualTo("new");
        assertThat(fake.replaces).isEmpty();
        assertThat(sleeps).isEmpty();
        assertThat(broker.replace("never-sent", stop("never-sent-r1", 1, 1)).outcome())
                .isEqualTo(ReplaceResult.Outcome.NOT_FOUND);
    }

    @Test
    void replaceRetriesRateLimitAndServerErrorsWithALookUpBeforeEachRetry() {
        SubmitResult sent = broker.submit(stop("sl-busy", 0.25, 950.0));
        fake.requestLines.clear();
        fake.scriptPatch(Fault.RATE_LIMIT_429, Fault.SERVER_500);
        ReplaceResult r = broker.replace("sl-busy", stop("sl-busy-r1", 0.3, 945.0));
        assertThat(r.outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
        assertThat(r.order().quantity()).isEqualTo(0.3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(fake.replaces).hasSize(1);
        String patch = "PATCH /v2/orders/" + sent.order().id();
        String lookNew = "GET /v2/orders:by_client_order_id?client_order_id=sl-busy-r1";
        String lookOld = "GET /v2/orders:by_client_order_id?client_order_id=sl-busy";
        assertThat(fake.requestLines)
                .containsExactly(lookNew, lookOld, patch, lookNew, patch, lookNew, patch, lookOld);
    }

    @Test
    void resubmittingAKnownIdSendsNothing() {
        broker.submit(order("id-1"));
        SubmitResult again = broker.submit(order("id-1"));
        assertThat(again.outcome()).isEqualTo(SubmitResult.Outcome.ALREADY_SUBMITTED);
        assertThat(fake.posts("id-1")).isEqualTo(1);
        assertThat(fake.requestLines.stream().filter(l -> l.startsWith("POST"))).hasSize(1);
    }

    @Test
    void rateLimitAndServerErrorsAreRetriedWithBackoffAndNoDuplicate() {
        fake.script(Fault.RATE_LIMIT_429, Fault.SERVER_500);
        SubmitResult r = broker.submit(order("id-2"));
        assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(fake.posts("id-2")).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        // a lookup precedes every re-POST
        assertThat(fake.requestLines)
                .containsExactly(
                        "GET /v2/orders:by_client_order_id?client_order_id=id-2",
                        "POST /v2/orders",
                        "GET /v2/orders:by_client_order_id?client_order_id=id-2",
                        "POST /v2/orders",
                        "GET /v2/orders:by_client_order_id?client_order_id=id-2",
                        "POST /v2/orders");
    }

    @Test
    void aTimedOutPostThatLandedIsFoundByLookupNotSentAgain() {
        AlpacaBroker quick = broker(3, Duration.ofMillis(300));
        fake.script(Fault.ACCEPT_THEN_TIMEOUT);
        SubmitResult r = quick.submit(order("id-3"));
        assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.SUBMITTED);
        assertThat(fake.posts("id-3")).isEqualTo(1);
        assertThat(fake.requestLines.stream().filter(l -> l.startsWith("POST"))).hasSize(1);
    }

    @Test
    void insufficientBuyingPowerIsRejectedWithoutRetry() {
        fake.script(Fault.INSUFFICIENT_BUYING_POWER_403);
        SubmitResult r = broker.submit(order("id-4"));
        assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(r.httpStatus()).isEqualTo(403);
        assertThat(r.reason()).contains("insufficient balance");
        assertThat(sleeps).isEmpty();
        assertThat(fake.posts("id-4")).isZero();
    }

    @Test
    void unprocessableOrderIsRejected() {
        fake.script(Fault.UNPROCESSABLE_422);
        SubmitResult r = broker.submit(order("id-5"));
        assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(r.httpStatus()).isEqualTo(422);
        assertThat(r.reason()).isEqualTo("qty must be > 0");
    }

    @Test
    void persistentServerErrorsGiveUpWithoutLeakingKeys() {
        AlpacaBroker few = broker(2, Duration.ofSeconds(5));
        fake.script(Fault.SERVER_500, Fault.SERVER_500, Fault.SERVER_500);
        assertThatThrownBy(() -> few.submit(order("id-6")))
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("after")
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining(SECRET);
        assertThat(fake.posts("id-6")).isZero();
    }

    @Test
    void anUnreachableBrokerNamesItsUrlAndWhatToCheckNeverTheKeys() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        AlpacaBroker down =
                new AlpacaBroker(
                        AlpacaSettings.paper(url)
                                .withRetries(
                                        1,
                                        Duration.ofMillis(1),
                                        Duration.ofMillis(1),
                                        Duration.ofSeconds(2)),
                        Map.of("APCA_API_KEY_ID", KEY, "APCA_API_SECRET_KEY", SECRET),
                        sleeps::add);
        assertThatThrownBy(down::positions)
                .isInstanceOf(BrokerUnavailableException.class)
                .hasMessageContaining("Alpaca GET /v2/positions failed at " + url)
                .hasMessageContaining("after 2 attempts")
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("algotrader.trader.alpaca.paper-url")
                .hasMessageNotContaining(KEY)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void positionsAccountAndOpenOrdersAreParsed() {
        fake.setPosition("BTCUSD", 0.5);
        assertThat(broker.positions()).containsExactly(new BrokerPosition("BTC/USD", 0.5, 1000.0));
        BrokerAccount a = broker.account();
        assertThat(a.status()).isEqualTo("ACTIVE");
        assertThat(a.buyingPower()).isEqualTo(10000.0);
        assertThat(broker.openOrders()).isEmpty();
    }

    @Test
    void missingKeysAreAClearError() {
        assertThatThrownBy(
                        () ->
                                new AlpacaBroker(
                                        AlpacaSettings.paper(fake.baseUrl()), Map.of(), d -> {}))
                .hasMessageContaining("APCA_API_KEY_ID")
                .hasMessageContaining("broker=paper");
    }

    @Test
    void reconciliationFailsClosedOnAnyDisagreement() {
        fake.setPosition("BTCUSD", 0.5);
        var ok =
                Reconciler.check(
                        Map.of("BTC/USD", 0.5),
                        Set.of(),
                        Set.of("BTC/USD"),
                        broker.positions(),
                        broker.openOrders(),
                        1e-9);
        assertThat(ok.ok()).isTrue();
        var off =
                Reconciler.check(
                        Map.of("BTC/USD", 0.4),
                        Set.of(),
                        Set.of("BTC/USD"),
                        broker.positions(),
                        broker.openOrders(),
                        1e-9);
        assertThat(off.ok()).isFalse();
        assertThat(off.differences().get(0)).contains("trader book holds 0.4, broker holds 0.5");
        var foreign =
                Reconciler.check(
                        Map.of(),
                        Set.of(),
                        Set.of("BTC/USD"),
                        List.of(),
                        List.of(
                                new BrokerOrder(
                                        "x",
                                        "manual-1",
                                        "BTC/USD",
                                        Side.BUY,
                                        1,
                                        0,
                                        Double.NaN,
                                        "new")),
                        1e-9);
        assertThat(foreign.ok()).isFalse();
        assertThat(foreign.differences().get(0)).contains("manual-1");
    }
}
