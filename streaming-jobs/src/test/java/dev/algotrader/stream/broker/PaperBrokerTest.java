package dev.algotrader.stream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import org.junit.jupiter.api.Test;

class PaperBrokerTest {

    @Test
    void replaceBooksTheReplacementUnderItsOwnIdAndIsIdempotent() {
        PaperBroker b = new PaperBroker(10_000);
        b.submit(AlpacaBrokerTest.stop("sl", 0.25, 950.0));
        b.recordFill(
                new Fill(
                        "run",
                        "sl",
                        "BTC/USD",
                        1L,
                        dev.algotrader.schema.Side.SELL,
                        0.05,
                        950.0,
                        0,
                        0));
        Order next = AlpacaBrokerTest.stop(Broker.replacementId("sl", 1), 0.4, 940.0);

        ReplaceResult r = b.replace("sl", next);
        assertThat(r.outcome()).isEqualTo(ReplaceResult.Outcome.REPLACED);
        assertThat(r.previous().status()).isEqualTo("replaced");
        assertThat(r.previous().filledQuantity()).isEqualTo(0.05);
        assertThat(r.order().clientOrderId()).isEqualTo("sl-r1");
        assertThat(r.order().quantity()).isEqualTo(0.4);
        assertThat(b.openOrders()).extracting(BrokerOrder::clientOrderId).containsExactly("sl-r1");

        assertThat(b.replace("sl", next).outcome())
                .isEqualTo(ReplaceResult.Outcome.ALREADY_REPLACED);
        assertThat(b.openOrders()).hasSize(1);
        assertThat(b.replace("sl-r1", AlpacaBrokerTest.stop("sl-r2", 0.4, 1)).outcome())
                .isEqualTo(ReplaceResult.Outcome.REPLACED);
        assertThat(b.replace("sl", AlpacaBrokerTest.stop("sl-r9", 0.4, 1)).outcome())
                .isEqualTo(ReplaceResult.Outcome.NOT_REPLACEABLE);
        assertThat(b.replace("nope", AlpacaBrokerTest.stop("nope-r1", 0.4, 1)).outcome())
                .isEqualTo(ReplaceResult.Outcome.NOT_FOUND);
    }
}
