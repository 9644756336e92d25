package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.KernelConfig;
import dev.algotrader.core.trading.TradeOutcome;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.core.venue.broker.Broker;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.broker.BrokerFactory;

/**
 * Where one operator instance's kernels execute, chosen once when the operator opens: on the {@link
 * SimulatedVenue} (paper trading: the backtest's fill and fee models, so paper = backtest) or at a
 * broker through a {@link BrokerVenue}. Either way the kernel sees a {@link Venue}; the operator
 * never asks which.
 */
abstract class Execution implements AutoCloseable {

    /** Paper trading for a paper factory, else the factory's broker. */
    static Execution of(BrokerFactory factory, TraderSettings settings) {
        if (factory.isPaper()) return new Paper();
        Broker broker = factory.create();
        return new AtBroker(
                broker, new BrokerVenue(broker, settings.runId(), settings.amendRetryBars()));
    }

    /**
     * The venue of one bar's kernel: the broker venue works on the key's {@code tracker} (changed
     * in place) and raises its events through {@code fx} as it goes.
     */
    abstract Venue venue(
            KernelConfig kc, BrokerOrderTracker tracker, long barTs, BrokerVenue.Effects fx);

    /**
     * After the step: the order and fill events a venue that raises none of its own owes the event
     * log ({@code order.submitted}, {@code order.filled}, {@code order.partially_filled}).
     */
    abstract void audit(TradeOutcome r, TradingKernel kernel, BrokerVenue.Effects fx);

    @Override
    public void close() {}

    /** The kernel's simulated venue; its events are audited like a broker's. */
    static final class Paper extends Execution {
        /** The broker name paper trading's events carry. */
        static final String NAME = "paper";

        @Override
        Venue venue(
                KernelConfig kc, BrokerOrderTracker tracker, long barTs, BrokerVenue.Effects fx) {
            return SimulatedVenue.of(kc);
        }

        @Override
        void audit(TradeOutcome r, TradingKernel kernel, BrokerVenue.Effects fx) {
            for (Fill f : r.fills()) {
                BrokerVenue.auditFill(f, working(kernel, f.clientOrderId()), NAME, fx);
            }
            for (Order o : r.orders()) TraderAudit.paperOrder(o, r.bar(), NAME, fx);
        }

        private static boolean working(TradingKernel kernel, String clientOrderId) {
            for (WorkingOrder w : kernel.state().workingOrders()) {
                if (w.order().clientOrderId().equals(clientOrderId)) return true;
            }
            return false;
        }
    }

    /** A broker behind the {@link BrokerVenue}, which audits every call itself. */
    static final class AtBroker extends Execution {
        private final Broker broker;
        private final BrokerVenue venue;

        AtBroker(Broker broker, BrokerVenue venue) {
            this.broker = broker;
            this.venue = venue;
        }

        @Override
        Venue venue(
                KernelConfig kc, BrokerOrderTracker tracker, long barTs, BrokerVenue.Effects fx) {
            return venue.bind(tracker, barTs, fx);
        }

        @Override
        void audit(TradeOutcome r, TradingKernel kernel, BrokerVenue.Effects fx) {}

        @Override
        public void close() {
            broker.close();
        }
    }
}
