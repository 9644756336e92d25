package dev.algotrader.stream.control;

import java.io.Serializable;

/**
 * What the orchestrator wants the trader to do, read from the control file before every bar.
 *
 * @param mode running, paused (no new orders, state keeps updating) or stopped (sources end)
 * @param killSwitch when on, no new orders are sent whatever the mode
 * @param reason free text from the operator, copied into events
 * @param updatedAt ISO-8601 time the control plane wrote the file (informational)
 */
public record ControlState(Mode mode, boolean killSwitch, String reason, String updatedAt)
        implements Serializable {

    /** Lifecycle mode requested by the control plane. */
    public enum Mode {
        RUNNING,
        PAUSED,
        STOPPED
    }

    /** The state when no control file exists: run normally. */
    public static final ControlState RUNNING = new ControlState(Mode.RUNNING, false, "", "");

    /** True when the trader may send new orders. */
    public boolean allowsNewOrders() {
        return mode == Mode.RUNNING && !killSwitch;
    }

    /** True when sources must end and the job finish. */
    public boolean stopRequested() {
        return mode == Mode.STOPPED;
    }
}
