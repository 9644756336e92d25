package dev.algotrader.core.trading;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayDeque;

/**
 * The pre-trade risk rules and their state: kill switch, drawdown breaker (peak equity, halted),
 * the rolling order-rate window and the count of rejected decisions. Each check returns the reason
 * it refuses a decision, or null.
 */
public final class RiskGate implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ArrayDeque<Long> recentOrderTimes = new ArrayDeque<>();
    private double peakEquity;
    private boolean halted;
    private boolean killSwitch;
    private long rejections;

    RiskGate(double initialEquity) {
        this.peakEquity = initialEquity;
    }

    /** Marks equity at a bar close: the breaker halts new entries once it falls too far. */
    void mark(double equity, RiskLimits risk) {
        if (equity > peakEquity) peakEquity = equity;
        if (equity / peakEquity - 1 <= -risk.maxDrawdown()) halted = true;
    }

    /** Re-arms new entries after a drawdown halt (an operator decision). */
    void resetHalt(double currentEquity) {
        halted = false;
        peakEquity = currentEquity;
    }

    void setKillSwitch(boolean on) {
        killSwitch = on;
    }

    /** Kill switch, gap and stale-bar rules for a decision at {@code decisionTs}. */
    String admit(long decisionTs, long now, boolean gapBefore, long barTs, RiskLimits risk) {
        if (killSwitch) return "kill-switch: no new orders";
        if (gapBefore && risk.blockOnGap()) return "stale-data: gap before bar " + barTs;
        long age = now - decisionTs;
        if (age > risk.staleAfterMs()) {
            return "stale-data: bar closed " + age + " ms ago (limit " + risk.staleAfterMs() + ")";
        }
        return null;
    }

    /**
     * The decision the drawdown breaker lets through while halted: exits stay allowed, a flip only
     * closes the position, a new entry is refused (null).
     */
    Direction whileHalted(Direction d, double position) {
        if (!halted || d == Direction.FLAT) return d;
        if (position != 0.0 && Math.signum(position) != d.sign()) return Direction.FLAT;
        return null;
    }

    static String haltReason(RiskLimits risk) {
        return "drawdown-halt: equity fell more than "
                + risk.maxDrawdown()
                + " below its peak; new entries stopped";
    }

    /** A target position quantity clipped to the position caps. */
    static double capPosition(double qty, double price, RiskLimits risk) {
        return Math.min(Math.min(qty, risk.maxPositionQty()), risk.maxPositionNotional() / price);
    }

    /** An order quantity (signed) clipped to the order notional cap. */
    static double capOrder(double delta, double price, RiskLimits risk) {
        double maxQty = risk.maxOrderNotional() / price;
        return Math.abs(delta) > maxQty ? Math.signum(delta) * maxQty : delta;
    }

    /** The order-rate rule: orders older than the window leave it first. */
    String checkOrderRate(long decisionTs, RiskLimits risk) {
        while (!recentOrderTimes.isEmpty()
                && recentOrderTimes.peekFirst() <= decisionTs - risk.orderWindowMs()) {
            recentOrderTimes.pollFirst();
        }
        if (recentOrderTimes.size() >= risk.maxOrdersPerWindow()) {
            return "order-rate: "
                    + risk.maxOrdersPerWindow()
                    + " orders already in the last "
                    + risk.orderWindowMs()
                    + " ms";
        }
        return null;
    }

    void recordOrder(long decisionTs) {
        recentOrderTimes.addLast(decisionTs);
    }

    void recordRejection() {
        rejections++;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(recentOrderTimes.size());
        for (long t : recentOrderTimes) out.writeLong(t);
        out.writeDouble(peakEquity);
        out.writeBoolean(halted);
        out.writeBoolean(killSwitch);
        out.writeLong(rejections);
    }

    static RiskGate read(DataInput in) throws IOException {
        RiskGate g = new RiskGate(0);
        int n = KernelCodec.count(in);
        for (int k = 0; k < n; k++) g.recentOrderTimes.addLast(in.readLong());
        g.peakEquity = in.readDouble();
        g.halted = in.readBoolean();
        g.killSwitch = in.readBoolean();
        g.rejections = in.readLong();
        return g;
    }

    public boolean halted() {
        return halted;
    }

    public boolean killSwitch() {
        return killSwitch;
    }

    public long rejections() {
        return rejections;
    }

    public double peakEquity() {
        return peakEquity;
    }
}
