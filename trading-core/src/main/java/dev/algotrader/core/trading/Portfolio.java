package dev.algotrader.core.trading;

import dev.algotrader.schema.Fill;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Cash, one symbol's position and its PnL, by average-cost accounting. Invariants after every fill:
 * {@code equity(mark) = cash + quantity × mark = initialCash + realizedPnl + unrealizedPnl(mark) -
 * feesPaid}. A fill that crosses zero closes the old position and opens the rest at the fill price.
 */
public final class Portfolio implements Serializable {

    private static final double EPS = 1e-12;

    private final String symbol;
    private final double initialCash;
    private double cash;
    private double quantity;
    private double avgPrice;
    private double realizedPnl;
    private double feesPaid;
    private double tradedNotional;

    // the open round trip
    private long tripEntryTs;
    private double tripMaxQty;
    private double tripEntryNotional;
    private double tripEntryQty;
    private double tripExitNotional;
    private double tripExitQty;
    private double tripRealized;
    private double tripFees;

    public Portfolio(String symbol, double initialCash) {
        this.symbol = symbol;
        this.initialCash = initialCash;
        this.cash = initialCash;
    }

    /** Writes every field for {@link KernelState#snapshot()}. */
    void write(DataOutput out) throws IOException {
        out.writeUTF(symbol);
        out.writeDouble(initialCash);
        for (double d :
                new double[] {cash, quantity, avgPrice, realizedPnl, feesPaid, tradedNotional}) {
            out.writeDouble(d);
        }
        out.writeLong(tripEntryTs);
        for (double d :
                new double[] {
                    tripMaxQty,
                    tripEntryNotional,
                    tripEntryQty,
                    tripExitNotional,
                    tripExitQty,
                    tripRealized,
                    tripFees
                }) {
            out.writeDouble(d);
        }
    }

    /** Reads back what {@link #write} wrote. */
    static Portfolio read(DataInput in) throws IOException {
        Portfolio p = new Portfolio(in.readUTF(), in.readDouble());
        p.cash = in.readDouble();
        p.quantity = in.readDouble();
        p.avgPrice = in.readDouble();
        p.realizedPnl = in.readDouble();
        p.feesPaid = in.readDouble();
        p.tradedNotional = in.readDouble();
        p.tripEntryTs = in.readLong();
        p.tripMaxQty = in.readDouble();
        p.tripEntryNotional = in.readDouble();
        p.tripEntryQty = in.readDouble();
        p.tripExitNotional = in.readDouble();
        p.tripExitQty = in.readDouble();
        p.tripRealized = in.readDouble();
        p.tripFees = in.readDouble();
        return p;
    }

    /** Books {@code fill}; returns the round trips it completed (empty, one, or one on a flip). */
    public List<Trade> apply(Fill fill, String reason) {
        int s = fill.side().sign();
        double q = fill.quantity();
        double p = fill.price();
        cash -= s * q * p + fill.fee();
        feesPaid += fill.fee();
        tradedNotional += q * p;
        List<Trade> closed = List.of();
        if (Math.abs(quantity) < EPS) {
            openTrip(fill.ts());
        }
        tripFees += fill.fee();
        if (Math.abs(quantity) < EPS || Math.signum(quantity) == s) {
            double newAbs = Math.abs(quantity) + q;
            avgPrice = (Math.abs(quantity) * avgPrice + q * p) / newAbs;
            quantity += s * q;
            tripEntryNotional += q * p;
            tripEntryQty += q;
            tripMaxQty = Math.max(tripMaxQty, Math.abs(quantity));
            return closed;
        }
        double closing = Math.min(q, Math.abs(quantity));
        double pnl = closing * (p - avgPrice) * Math.signum(quantity);
        realizedPnl += pnl;
        tripRealized += pnl;
        tripExitNotional += closing * p;
        tripExitQty += closing;
        int oldSign = (int) Math.signum(quantity);
        quantity += s * q;
        if (Math.abs(quantity) < 1e-9 * Math.max(1.0, q)) quantity = 0.0;
        if (quantity == 0.0 || Math.signum(quantity) != oldSign) {
            // the opening fee of the new side belongs to the new trip, pro rata
            double openedQty = q - closing;
            double openFee = q > 0 ? fill.fee() * openedQty / q : 0.0;
            tripFees -= openFee;
            closed = new ArrayList<>(1);
            closed.add(
                    new Trade(
                            symbol,
                            oldSign > 0 ? Direction.LONG : Direction.SHORT,
                            tripEntryTs,
                            fill.ts(),
                            tripMaxQty,
                            tripEntryNotional / tripEntryQty,
                            tripExitNotional / tripExitQty,
                            tripRealized - tripFees,
                            tripFees,
                            reason));
            if (quantity == 0.0) {
                avgPrice = 0.0;
            } else {
                avgPrice = p;
                openTrip(fill.ts());
                tripFees = openFee;
                tripEntryNotional = openedQty * p;
                tripEntryQty = openedQty;
                tripMaxQty = openedQty;
            }
        }
        return closed;
    }

    private void openTrip(long ts) {
        tripEntryTs = ts;
        tripMaxQty = 0;
        tripEntryNotional = 0;
        tripEntryQty = 0;
        tripExitNotional = 0;
        tripExitQty = 0;
        tripRealized = 0;
        tripFees = 0;
    }

    public String symbol() {
        return symbol;
    }

    public double initialCash() {
        return initialCash;
    }

    public double cash() {
        return cash;
    }

    /** Signed position: negative when short. */
    public double quantity() {
        return quantity;
    }

    public double avgPrice() {
        return avgPrice;
    }

    /** Realised price PnL, before fees. */
    public double realizedPnl() {
        return realizedPnl;
    }

    public double feesPaid() {
        return feesPaid;
    }

    /** Sum of |quantity × price| over all fills. */
    public double tradedNotional() {
        return tradedNotional;
    }

    public double positionValue(double mark) {
        return quantity * mark;
    }

    public double unrealizedPnl(double mark) {
        return quantity == 0.0 ? 0.0 : quantity * (mark - avgPrice);
    }

    public double equity(double mark) {
        return cash + quantity * mark;
    }
}
