package dev.algotrader.core.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.algotrader.core.trading.BarRangeFillModel;
import dev.algotrader.core.trading.FeeModel;
import dev.algotrader.core.trading.TradingMode;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedVenueTest {

    private static final long MIN = 60_000L;

    /** A book of plain orders and a cash account, recording what the venue did to it. */
    private static final class FakeBook implements OrderBook {
        final List<WorkingOrder> working = new ArrayList<>();
        final List<Fill> booked = new ArrayList<>();
        final List<WorkingOrder> refused = new ArrayList<>();
        double cash;
        double position;

        @Override
        public String runId() {
            return "r";
        }

        @Override
        public List<WorkingOrder> inPriority() {
            return List.copyOf(working);
        }

        @Override
        public boolean isWorking(WorkingOrder order) {
            return working.contains(order);
        }

        @Override
        public double position() {
            return position;
        }

        @Override
        public double cash() {
            return cash;
        }

        @Override
        public WorkingOrder followPosition(WorkingOrder order) {
            return position == 0 ? null : order;
        }

        @Override
        public void book(WorkingOrder order, Fill fill) {
            booked.add(fill);
            position += fill.side().sign() * fill.quantity();
            cash -= fill.side().sign() * fill.quantity() * fill.price() + fill.fee();
        }

        @Override
        public void refuse(WorkingOrder order) {
            working.remove(order);
            refused.add(order);
        }
    }

    private static WorkingOrder market(Side side, double qty, long decisionTs) {
        Order o =
                new Order(
                        "r",
                        "id-" + side,
                        "BTC/USD",
                        decisionTs,
                        side,
                        OrderType.MARKET,
                        qty,
                        Double.NaN,
                        Double.NaN,
                        "test");
        return new WorkingOrder(o, WorkingOrder.Kind.DECISION, decisionTs, Long.MAX_VALUE);
    }

    private static Bar bar(long ts) {
        return new Bar("BTC/USD", "1m", ts, 100, 101, 99, 100, 1_000);
    }

    private final SimulatedVenue venue =
            new SimulatedVenue(
                    new BarRangeFillModel(0, 0, 1.0),
                    new FeeModel.Bps(0, 10),
                    TradingMode.LONG_ONLY);

    @Test
    void fillsAMarketOrderAtTheOpenWithTheTakerFee() {
        FakeBook book = new FakeBook();
        book.cash = 10_000;
        book.working.add(market(Side.BUY, 2, 0));
        List<Fill> fills = venue.fillsFor(bar(0), MIN, book);
        assertEquals(1, fills.size());
        Fill f = fills.get(0);
        assertEquals(2, f.quantity(), 1e-12);
        assertEquals(100, f.price(), 1e-12);
        assertEquals(0.2, f.fee(), 1e-12);
        assertEquals(fills, book.booked);
        assertTrue(book.refused.isEmpty());
    }

    @Test
    void aCashAccountFillsWhatItAffordsAndRefusesTheRest() {
        FakeBook book = new FakeBook();
        book.cash = 501; // 5 units at 100 + 10 bps fee = 500.5
        WorkingOrder buy = market(Side.BUY, 10, 0);
        book.working.add(buy);
        List<Fill> fills = venue.fillsFor(bar(0), MIN, book);
        assertEquals(1, fills.size());
        assertEquals(501 / 100.1, fills.get(0).quantity(), 1e-9);
        assertEquals(List.of(buy), book.refused);
    }

    @Test
    void nothingFillsBeforeTheOrderReachesTheMarket() {
        FakeBook book = new FakeBook();
        book.cash = 10_000;
        book.working.add(market(Side.BUY, 1, MIN));
        assertTrue(venue.fillsFor(bar(0), MIN, book).isEmpty());
    }

    @Test
    void aCashAccountSellsOnlyWhatItHolds() {
        FakeBook book = new FakeBook();
        book.position = 1.5;
        book.working.add(market(Side.SELL, 4, 0));
        List<Fill> fills = venue.fillsFor(bar(0), MIN, book);
        assertEquals(1.5, fills.get(0).quantity(), 1e-12);
    }
}
