package dev.algotrader.core.venue.broker;

import java.io.Serializable;

/**
 * One open position at the broker; {@code symbol} in {@code BTC/USD} form, quantity negative when
 * short.
 */
public record BrokerPosition(String symbol, double quantity, double avgEntryPrice)
        implements Serializable {}
