package dev.algotrader.core.venue.broker;

import java.io.Serializable;

/** Account figures the trader checks at start. */
public record BrokerAccount(String status, double cash, double buyingPower, double equity)
        implements Serializable {}
