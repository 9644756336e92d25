package dev.algotrader.stream.trade;

import dev.algotrader.core.trading.WorkingOrder;
import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The broker tracking of a {@code paper-once} state file ({@link SymbolState#brokerTracks()}, whose
 * Java-serialized shape earlier state files have) to and from a {@link BrokerOrderTracker}.
 */
final class BrokerTracks {

    private BrokerTracks() {}

    /**
     * A {@code paper-once} run resuming from a state file takes over the orders the previous run
     * left open at the broker (the start-up reconciliation checked they are there): it goes on
     * polling their fills, replaces them under the next {@code -r<n>} id when the kernel amends
     * them, and cancels them when the kernel does. Without this the resumed run would treat them as
     * never sent. Kernel orders that are no longer working are skipped.
     */
    static BrokerOrderTracker seed(SymbolState resume) {
        Set<String> working = new HashSet<>();
        for (WorkingOrder w : resume.kernel().workingOrders()) {
            working.add(w.order().clientOrderId());
        }
        Map<String, BrokerOrderTracker.Track> tracks = new TreeMap<>();
        for (Map.Entry<String, SymbolState.BrokerTrack> e : resume.brokerTracks().entrySet()) {
            if (!working.contains(e.getKey())) continue;
            SymbolState.BrokerTrack t = e.getValue();
            tracks.put(
                    e.getKey(),
                    new BrokerOrderTracker.Track(
                            t.booked(), t.amendments(), t.filledOnReplaced(), t.amendRetries()));
        }
        return BrokerOrderTracker.of(tracks);
    }

    /** The tracker as a state file keeps it. */
    static Map<String, SymbolState.BrokerTrack> toState(BrokerOrderTracker tracker) {
        Map<String, SymbolState.BrokerTrack> out = new HashMap<>();
        tracker.tracks()
                .forEach(
                        (id, t) ->
                                out.put(
                                        id,
                                        new SymbolState.BrokerTrack(
                                                t.booked(),
                                                t.amendments(),
                                                t.filledOnReplaced(),
                                                t.amendRetries())));
        return out;
    }
}
