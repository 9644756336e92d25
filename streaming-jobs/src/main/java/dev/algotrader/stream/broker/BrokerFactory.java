package dev.algotrader.stream.broker;

import java.io.Serializable;

/**
 * Creates the broker inside each trading operator (on the task manager), so keys are read there
 * from the environment and never travel with the job.
 */
@FunctionalInterface
public interface BrokerFactory extends Serializable {

    /** A new broker; called once per operator instance in {@code open()}. */
    Broker create();

    /** True for the built-in paper broker, whose fills come from the kernel's fill model. */
    default boolean isPaper() {
        return false;
    }

    /** The built-in paper broker. */
    static BrokerFactory paper(double startingCash) {
        return new BrokerFactory() {
            @Override
            public Broker create() {
                return new PaperBroker(startingCash);
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
