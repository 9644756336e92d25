package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.core.venue.broker.BrokerVenue;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;

/**
 * The operator's pause / kill switch: the control file is read before every bar, so a change takes
 * effect at the next bar of each symbol (the "within one bar" guarantee). Paused or kill switch
 * blocks new orders through the kernel's kill switch (which cancels its working decision orders at
 * the venue); each change a key sees is one {@code trader.control.applied} event.
 */
final class ControlGate {

    private final ControlFile file;
    private final ValueState<String> seen;

    /** The last state read and its {@code mode/kill-switch} (the file is re-read every bar). */
    private ControlState lastRead;

    private String lastSeen;

    /**
     * @param file the control contract file
     * @param seen keyed state: the last {@code mode/kill-switch} this key applied
     */
    ControlGate(ControlFile file, ValueState<String> seen) {
        this.file = file;
        this.seen = seen;
    }

    /** Applies the control file's current state to {@code kernel} before it trades {@code bar}. */
    void apply(TradingKernel kernel, String symbol, Bar bar, BrokerVenue.Effects fx)
            throws IOException {
        ControlState cs = file.read();
        boolean block = !cs.allowsNewOrders();
        if (cs != lastRead) {
            lastRead = cs;
            lastSeen = cs.mode() + "/" + cs.killSwitch();
        }
        String now = lastSeen;
        String before = seen.value();
        if (block != kernel.state().killSwitch()) kernel.setKillSwitch(block);
        if (before == null && now.equals("RUNNING/false")) {
            seen.update(now);
            return;
        }
        if (now.equals(before)) return;
        seen.update(now);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("symbol", symbol);
        d.put("bar_ts", bar.ts());
        d.put("state", cs.mode().name().toLowerCase(Locale.ROOT));
        d.put("kill_switch", cs.killSwitch());
        d.put("new_orders", block ? "blocked" : "allowed");
        d.put("reason", cs.reason());
        fx.audit("trader.control.applied", d);
    }
}
