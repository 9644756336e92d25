package dev.algotrader.stream.trade;

import dev.algotrader.core.venue.broker.BrokerOrderTracker;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Reads the broker tracking of savepoints taken before {@link BrokerOrderTracker} existed: four
 * parallel map states ({@code open-at-broker}, {@code amendments}, {@code filled-on-replaced},
 * {@code amend-retries}) keyed by the kernel's client order id. The first bar of a key after such a
 * restore moves them into one tracker and clears them; a fresh job finds them empty.
 */
final class LegacyBrokerState {

    private final MapState<String, Double> openAtBroker;
    private final MapState<String, Integer> amendments;
    private final MapState<String, Double> filledOnReplaced;
    private final MapState<String, Integer> amendRetries;

    LegacyBrokerState(RuntimeContext rc) {
        openAtBroker =
                rc.getMapState(
                        new MapStateDescriptor<>("open-at-broker", Types.STRING, Types.DOUBLE));
        amendments =
                rc.getMapState(new MapStateDescriptor<>("amendments", Types.STRING, Types.INT));
        filledOnReplaced =
                rc.getMapState(
                        new MapStateDescriptor<>("filled-on-replaced", Types.STRING, Types.DOUBLE));
        amendRetries =
                rc.getMapState(new MapStateDescriptor<>("amend-retries", Types.STRING, Types.INT));
    }

    /** The current key's legacy tracking as a tracker (cleared here), or null when none. */
    BrokerOrderTracker drain() throws Exception {
        if (openAtBroker.isEmpty()) return null;
        Map<String, BrokerOrderTracker.Track> tracks = new TreeMap<>();
        for (Map.Entry<String, Double> e : openAtBroker.entries()) {
            String id = e.getKey();
            tracks.put(
                    id,
                    new BrokerOrderTracker.Track(
                            Objects.requireNonNullElse(e.getValue(), 0.0),
                            Objects.requireNonNullElse(amendments.get(id), 0),
                            Objects.requireNonNullElse(filledOnReplaced.get(id), 0.0),
                            Objects.requireNonNullElse(amendRetries.get(id), 0)));
        }
        openAtBroker.clear();
        amendments.clear();
        filledOnReplaced.clear();
        amendRetries.clear();
        return BrokerOrderTracker.of(tracks);
    }
}
