package dev.algotrader.core.trading;

import java.io.Serializable;

/** Commission charged on a fill, in account currency. */
public interface FeeModel extends Serializable {

    /** Fee for a fill of {@code notional} (always positive); maker fills rest on the book. */
    double fee(double notional, boolean maker);

    /**
     * The default: a fee in basis points of the notional, one rate for maker (resting limit and
     * take-profit) fills and one for taker (market, stop, marketable limit) fills.
     */
    record Bps(double makerBps, double takerBps) implements FeeModel {
        public Bps {
            if (!(makerBps >= 0) || !(takerBps >= 0)) {
                throw new IllegalArgumentException(
                        "fees must be >= 0 basis points (got maker "
                                + makerBps
                                + ", taker "
                                + takerBps
                                + ")");
            }
        }

        @Override
        public double fee(double notional, boolean maker) {
            return Math.abs(notional) * (maker ? makerBps : takerBps) / 10_000.0;
        }
    }
}
