package dev.algotrader.core.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Side;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Unit tests of the kernel's components, each on its own state. */
class KernelComponentsTest {

    private static final OrderMaker MAKER = new OrderMaker("r", "BTC/USD", "s", "1");

    private static WorkingOrder order(WorkingOrder.Kind kind, Side side, double qty, long ts) {
        Order o =
                MAKER.make(
                        ts,
                        kind.name().toLowerCase(),
                        side,
                        OrderType.MARKET,
                        qty,
                        Double.NaN,
                        Double.NaN,
                        "t");
        return new WorkingOrder(o, kind, ts, ts + 1_000);
    }

    @Nested
    class WorkingOrdersTest {
        @Test
        void priorityIsDecisionThenStopLossThenTakeProfit() {
            WorkingOrders book = new WorkingOrders();
            WorkingOrder tp = order(WorkingOrder.Kind.TAKE_PROFIT, Side.SELL, 1, 1);
            WorkingOrder sl = order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 1, 2);
            WorkingOrder en = order(WorkingOrder.Kind.DECISION, Side.BUY, 1, 3);
            book.add(tp);
            book.add(sl);
            book.add(en);
            assertEquals(List.of(en, sl, tp), book.inPriority());
            assertEquals(List.of(tp, sl, en), book.all());
            assertTrue(book.hasProtective());
            assertSame(en, book.find(en.order().clientOrderId()));
        }

        @Test
        void expiryCancelsAndTellsWhetherAnEntryWasAmongThem() {
            WorkingOrders book = new WorkingOrders();
            book.add(order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 1, 0));
            List<Order> cancelled = new ArrayList<>();
            assertFalse(book.expire(999, cancelled));
            assertFalse(book.expire(1_000, cancelled));
            assertEquals(1, cancelled.size());
            book.add(order(WorkingOrder.Kind.DECISION, Side.BUY, 1, 5));
            assertTrue(book.expire(2_000, cancelled));
            assertTrue(book.isEmpty());
        }

        @Test
        void cancelProtectiveLeavesEntries() {
            WorkingOrders book = new WorkingOrders();
            WorkingOrder en = order(WorkingOrder.Kind.DECISION, Side.BUY, 1, 3);
            book.add(order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 1, 1));
            book.add(en);
            book.add(order(WorkingOrder.Kind.TAKE_PROFIT, Side.SELL, 1, 1));
            List<Order> cancelled = new ArrayList<>();
            book.cancelProtective(cancelled);
            assertEquals(2, cancelled.size());
            assertEquals(List.of(en), book.all());
        }
    }

    @Nested
    class RiskGateTest {
        private final RiskLimits risk =
                new RiskLimits(2, 1_000, 500, 2, 10_000, 0.1, false, 5_000, true);

        @Test
        void killSwitchGapAndStaleBarsRefuse() {
            RiskGate g = new RiskGate(100);
            assertNull(g.admit(1_000, 1_000, false, 0, risk));
            assertTrue(g.admit(1_000, 1_000, true, 0, risk).startsWith("stale-data: gap"));
            assertTrue(g.admit(1_000, 7_000, false, 0, risk).startsWith("stale-data: bar"));
            g.setKillSwitch(true);
            assertTrue(g.admit(1_000, 1_000, false, 0, risk).startsWith("kill-switch"));
        }

        @Test
        void drawdownHaltAllowsExitsAndTurnsFlipsIntoExits() {
            RiskGate g = new RiskGate(100);
            g.mark(120, risk);
            g.mark(107, risk);
            assertTrue(g.halted());
            assertEquals(120, g.peakEquity());
            assertNull(g.whileHalted(Direction.LONG, 0));
            assertNull(g.whileHalted(Direction.LONG, 1));
            assertEquals(Direction.FLAT, g.whileHalted(Direction.SHORT, 1));
            assertEquals(Direction.FLAT, g.whileHalted(Direction.FLAT, 1));
            g.resetHalt(107);
            assertFalse(g.halted());
            assertEquals(Direction.LONG, g.whileHalted(Direction.LONG, 0));
        }

        @Test
        void orderRateWindowSlides() {
            RiskGate g = new RiskGate(100);
            g.recordOrder(0);
            g.recordOrder(5_000);
            assertTrue(g.checkOrderRate(9_000, risk).startsWith("order-rate"));
            assertNull(g.checkOrderRate(10_000, risk));
        }

        @Test
        void capsClipPositionAndOrderSize() {
            assertEquals(2, RiskGate.capPosition(5, 100, risk), 1e-12);
            assertEquals(1, RiskGate.capPosition(5, 1_000, risk), 1e-12);
            assertEquals(-5, RiskGate.capOrder(-9, 100, risk), 1e-12);
            assertEquals(3, RiskGate.capOrder(3, 100, risk), 1e-12);
        }
    }

    @Nested
    class PositionSizerTest {
        @Test
        void fixedFractionNeedsNoHistory() {
            assertEquals(0.4, new PositionSizer(5).fraction(Sizing.fixed(0.4), 365), 0);
        }

        @Test
        void volTargetWaitsForTheLookbackThenTargetsVolatility() {
            Sizing s = new Sizing(Sizing.Method.VOL_TARGET, 1, 0.5, 3, 2);
            PositionSizer p = new PositionSizer(3);
            double[] closes = {100, 101, 100, 102};
            for (int i = 0; i < 3; i++) p.onClose(closes[i]);
            assertTrue(Double.isNaN(p.fraction(s, 365)));
            p.onClose(closes[3]);
            assertEquals(3, p.returnsCount());
            double[] r = {Math.log(1.01), Math.log(100 / 101.0), Math.log(1.02)};
            double mean = (r[0] + r[1] + r[2]) / 3;
            double ss = 0;
            for (double x : r) ss += (x - mean) * (x - mean);
            double vol = Math.sqrt(ss / 2) * Math.sqrt(365);
            assertEquals(Math.min(2, 0.5 / vol), p.fraction(s, 365), 1e-12);
        }

        @Test
        void flatPricesGiveMaxLeverage() {
            Sizing s = new Sizing(Sizing.Method.VOL_TARGET, 1, 0.5, 2, 1.5);
            PositionSizer p = new PositionSizer(2);
            for (int i = 0; i < 3; i++) p.onClose(100);
            assertEquals(1.5, p.fraction(s, 365), 0);
        }
    }

    @Nested
    class BracketManagerTest {
        private final OrderPolicy op = new OrderPolicy(OrderType.MARKET, 0, 1, 0.02, 0.05, 10);

        private Portfolio holding(double qty, double price) {
            Portfolio pf = new Portfolio("BTC/USD", 10_000);
            pf.apply(new Fill("r", "x", "BTC/USD", 0, Side.BUY, qty, price, 0, 0), "t");
            return pf;
        }

        @Test
        void opensAPairOnANewPositionAndAmendsItWhenThePositionGrows() {
            BracketManager b = new BracketManager();
            WorkingOrders book = new WorkingOrders();
            StepLog log = new StepLog();
            Portfolio pf = holding(2, 100);
            b.attach(60_000, pf, book, op, MAKER, log);
            assertEquals(2, log.orders.size());
            Order sl = log.orders.get(0);
            Order tp = log.orders.get(1);
            assertEquals(OrderType.STOP, sl.type());
            assertEquals(98, sl.stopPrice(), 1e-9);
            assertEquals(105, tp.limitPrice(), 1e-9);
            assertEquals(Side.SELL, tp.side());
            assertEquals(60_010, book.all().get(0).eligibleAt());
            assertEquals(2, b.protectedQty());

            pf.apply(new Fill("r", "y", "BTC/USD", 1, Side.BUY, 2, 110, 0, 0), "t");
            StepLog next = new StepLog();
            b.attach(120_000, pf, book, op, MAKER, next);
            assertTrue(next.orders.isEmpty());
            assertEquals(2, next.amended.size());
            assertEquals(sl.clientOrderId(), next.amended.get(0).clientOrderId());
            assertEquals(4, next.amended.get(0).quantity(), 1e-12);
            assertEquals(105 * 0.98, next.amended.get(0).stopPrice(), 1e-9);
        }

        @Test
        void cancelsThePairWhenFlat() {
            BracketManager b = new BracketManager();
            WorkingOrders book = new WorkingOrders();
            b.attach(60_000, holding(1, 100), book, op, MAKER, new StepLog());
            StepLog log = new StepLog();
            b.attach(120_000, new Portfolio("BTC/USD", 10_000), book, op, MAKER, log);
            assertEquals(2, log.cancelled.size());
            assertTrue(book.isEmpty());
            assertEquals(0, b.protectedQty());
        }

        @Test
        void aProtectiveFillCancelsItsSiblingAndOpposingEntries() {
            WorkingOrders book = new WorkingOrders();
            WorkingOrder sl = order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 1, 1);
            WorkingOrder tp = order(WorkingOrder.Kind.TAKE_PROFIT, Side.SELL, 1, 1);
            WorkingOrder buy = order(WorkingOrder.Kind.DECISION, Side.BUY, 1, 2);
            book.add(sl);
            book.add(tp);
            book.add(buy);
            StepLog log = new StepLog();
            BracketManager.onProtectiveFill(sl, book, log);
            assertEquals(List.of(sl), book.all());
            assertEquals(List.of(buy.order(), tp.order()), log.cancelled);
        }

        @Test
        void resizeKeepsTheIdAndWhatAlreadyFilled() {
            WorkingOrders book = new WorkingOrders();
            WorkingOrder sl = order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 3, 1);
            book.add(sl);
            sl.reduce(1);
            StepLog log = new StepLog();
            WorkingOrder r = BracketManager.resize(book, sl, 5, Double.NaN, log);
            assertEquals(6, r.order().quantity(), 1e-12);
            assertEquals(5, r.remaining(), 1e-12);
            assertEquals(sl.order().clientOrderId(), r.order().clientOrderId());
            assertEquals(List.of(r), book.all());
            assertEquals(List.of(r.order()), log.amended);
        }
    }

    @Nested
    class KernelBookTest {
        private final KernelState st =
                new KernelState(
                        new Portfolio("BTC/USD", 10_000),
                        dev.algotrader.core.backtest.Strategies.factory(
                                        "sma-cross", java.util.Map.of("fast", 5.0, "slow", 20.0))
                                .get(),
                        20);
        private final StepLog log = new StepLog();
        private final KernelBook book = new KernelBook("r", st, log);

        private Fill fill(WorkingOrder wo, double qty, double price) {
            Order o = wo.order();
            return new Fill("r", o.clientOrderId(), "BTC/USD", 0, o.side(), qty, price, 0, 0);
        }

        @Test
        void aFillGoesIntoThePortfolioAndTheOrderStopsWorkingOnceDone() {
            WorkingOrder entry = order(WorkingOrder.Kind.DECISION, Side.BUY, 2, 0);
            st.working.add(entry);
            book.book(entry, fill(entry, 1, 100));
            assertEquals(1.0, book.position());
            assertTrue(book.isWorking(entry));
            assertEquals(1.0, entry.remaining());
            book.book(entry, fill(entry, 1, 100));
            assertEquals(2.0, book.position());
            assertEquals(10_000 - 200.0, book.cash(), 1e-9);
            assertFalse(book.isWorking(entry));
            assertTrue(log.cancelled.isEmpty());
        }

        @Test
        void aStopThatClosesThePositionCancelsItsSiblingAndTheStrategyIsFlat() {
            WorkingOrder entry = order(WorkingOrder.Kind.DECISION, Side.BUY, 2, 0);
            st.working.add(entry);
            book.book(entry, fill(entry, 2, 100));
            st.intended = Direction.LONG;
            WorkingOrder sl = order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 2, 1);
            WorkingOrder tp = order(WorkingOrder.Kind.TAKE_PROFIT, Side.SELL, 2, 2);
            st.working.add(sl);
            st.working.add(tp);
            book.book(sl, fill(sl, 2, 90));
            assertEquals(0.0, book.position());
            assertFalse(book.isWorking(sl));
            assertFalse(book.isWorking(tp));
            assertEquals(List.of(tp.order()), log.cancelled);
            assertEquals(Direction.FLAT, st.intended);
            assertEquals("stop-loss", log.trades.get(log.trades.size() - 1).exitReason());
        }

        @Test
        void aRefusedOrderStopsWorkingOnceAndAProtectiveOrderFollowsThePosition() {
            WorkingOrder entry = order(WorkingOrder.Kind.DECISION, Side.BUY, 2, 0);
            st.working.add(entry);
            book.refuse(entry);
            book.refuse(entry);
            assertEquals(List.of(entry.order()), log.cancelled);
            WorkingOrder sl = order(WorkingOrder.Kind.STOP_LOSS, Side.SELL, 2, 1);
            assertNull(book.followPosition(sl), "flat: nothing for the stop to close");
        }
    }
}
