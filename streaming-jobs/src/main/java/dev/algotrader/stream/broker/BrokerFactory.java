package dev.algotrader.stream.broker;

import dev.algotrader.core.venue.broker.Broker;
import java.io.Serializable;

/**
 * Creates the broker inside each trading operator (on the task manager), so keys are read there
 * from the environment and never travel with the job.
 */
@FunctionalInterface
public interface BrokerFactory extends Serializable {

    /**
     * A new broker; called once per operator instance in {@code open()}, never for {@link #paper}.
     */
    Broker create();

    /** True for paper trading, whose fills come from the kernel's simulated execution. */
    default boolean isPaper() {
        return false;
    }

    /**
     * Paper trading: no broker at all, the kernel's simulated execution fills (paper = backtest).
     * {@code startingCash} is kept for the callers' symmetry; the kernels get their cash from the
     * settings.
     */
    static BrokerFactory paper(double startingCash) {
        return new BrokerFactory() {
            @Override
            public Broker create() {
                throw new UnsupportedOperationException(
                        "paper trading has no broker: the kernel's simulated execution fills");
            }

            @Override
            public boolean isPaper() {
                return true;
            }
        };
    }

    /** Alpaca trading API v2 with keys from this machine's environment. */
    static BrokerFactory alpaca(AlpacaSettings settings) {
        return () -> AlpacaBroker.fromEnvironment(settings);
    }
}
