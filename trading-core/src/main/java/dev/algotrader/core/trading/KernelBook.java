package dev.algotrader.core.trading;

import dev.algotrader.core.venue.OrderBook;
import dev.algotrader.core.venue.Venue;
import dev.algotrader.schema.Fill;
import java.util.List;

/**
 * The kernel's book as its {@link Venue} sees it during one bar's executions, and the booking of
 * what executed: a fill goes into the {@link Portfolio} (its trades into the step's log), reduces
 * the working order (removed once done), cancels the rest of a protective pair and the entries a
 * stop or target would undo ({@link BracketManager#onProtectiveFill}), and a flat position drops
 * its protection. One per kernel, reused for every bar (no allocation per bar).
 */
final class KernelBook implements OrderBook {

    private final String runId;
    private final KernelState st;
    private final StepLog log;

    KernelBook(String runId, KernelState st, StepLog log) {
        this.runId = runId;
        this.st = st;
        this.log = log;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public List<WorkingOrder> inPriority() {
        return st.working.inPriority();
    }

    @Override
    public boolean isWorking(WorkingOrder order) {
        return st.working.contains(order);
    }

    @Override
    public double position() {
        return st.portfolio.quantity();
    }

    @Override
    public double cash() {
        return st.portfolio.cash();
    }

    @Override
    public WorkingOrder followPosition(WorkingOrder wo) {
        double pos = st.portfolio.quantity();
        if (pos == 0.0 || Math.signum(pos) == wo.order().side().sign()) return null;
        if (Math.abs(pos) <= wo.remaining()) return wo;
        return BracketManager.resize(st.working, wo, Math.abs(pos), Double.NaN, log);
    }

    @Override
    public void book(WorkingOrder wo, Fill f) {
        log.trades.addAll(st.portfolio.apply(f, reason(wo)));
        wo.reduce(f.quantity());
        if (wo.remaining() <= 1e-12 * Math.max(1.0, wo.order().quantity())) st.working.remove(wo);
        if (wo.protective()) BracketManager.onProtectiveFill(wo, st.working, log);
        if (st.portfolio.quantity() == 0.0) {
            st.working.cancelProtective(log.cancelled);
            if (wo.protective()) st.intended = Direction.FLAT;
        }
    }

    @Override
    public void refuse(WorkingOrder order) {
        if (st.working.remove(order)) log.cancelled.add(order.order());
    }

    private static String reason(WorkingOrder wo) {
        return switch (wo.kind()) {
            case STOP_LOSS -> "stop-loss";
            case TAKE_PROFIT -> "take-profit";
            case DECISION -> wo.order().reason();
        };
    }
}
