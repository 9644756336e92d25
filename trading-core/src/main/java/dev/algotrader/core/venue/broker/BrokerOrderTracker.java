package dev.algotrader.core.venue.broker;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one symbol's trader knows about its orders open at an external broker, keyed by the kernel's
 * client order id: one {@link Track} per order (fills booked, replacements made, fills of the
 * replaced orders, retries due). It is the whole state of a {@link BrokerVenue}, so it lives in
 * Flink keyed state (or a paper-once state file) as one value; ids iterate in sorted order, so a
 * restored tracker visits its orders exactly like the one that was saved.
 */
public final class BrokerOrderTracker implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One order open at the broker.
     *
     * @param booked quantity of the broker's fills already booked into the kernel
     * @param amendments how often it was replaced (the broker knows it as {@code
     *     <id>-r<amendments>})
     * @param filledOnReplaced the fills of the orders it replaced
     * @param amendRetries retries of a refused replace made so far (0: none due)
     */
    public record Track(double booked, int amendments, double filledOnReplaced, int amendRetries)
            implements Serializable {

        /** A just submitted order. */
        public static final Track NEW = new Track(0.0, 0, 0.0, 0);

        Track withBooked(double b) {
            return new Track(b, amendments, filledOnReplaced, amendRetries);
        }

        Track replaced(double filledOnPrevious) {
            return new Track(booked, amendments + 1, filledOnReplaced + filledOnPrevious, 0);
        }

        Track withRetries(int n) {
            return new Track(booked, amendments, filledOnReplaced, n);
        }
    }

    private final TreeMap<String, Track> tracks = new TreeMap<>();

    public BrokerOrderTracker() {}

    /** A tracker holding {@code tracks} (a resumed run, a legacy savepoint). */
    public static BrokerOrderTracker of(Map<String, Track> tracks) {
        BrokerOrderTracker t = new BrokerOrderTracker();
        t.tracks.putAll(tracks);
        return t;
    }

    /** True when {@code id} is open at the broker as far as the trader knows. */
    public boolean isOpen(String id) {
        return tracks.containsKey(id);
    }

    /** The track of {@code id}, or null. */
    public Track get(String id) {
        return tracks.get(id);
    }

    /** The kernel ids open at the broker, sorted. */
    public List<String> ids() {
        return new ArrayList<>(tracks.keySet());
    }

    /** The ids whose refused replace is due to be tried again, sorted. */
    public List<String> retriesDue() {
        List<String> out = new ArrayList<>();
        tracks.forEach(
                (id, t) -> {
                    if (t.amendRetries() > 0) out.add(id);
                });
        return out;
    }

    /** The client order id the broker knows the kernel's order {@code id} by now. */
    public String brokerId(String id) {
        Track t = tracks.get(id);
        return t == null ? id : Broker.replacementId(id, t.amendments());
    }

    /** The kernel ids mapped to the ids the broker knows them by (a replaced order: -r<n>). */
    public List<String> brokerIds() {
        List<String> out = new ArrayList<>(tracks.size());
        for (String id : tracks.keySet()) out.add(brokerId(id));
        return out;
    }

    /** A copy of every track, by kernel id. */
    public Map<String, Track> tracks() {
        return new TreeMap<>(tracks);
    }

    /** True when nothing is open at the broker. */
    public boolean isEmpty() {
        return tracks.isEmpty();
    }

    void submitted(String id) {
        Track t = tracks.get(id);
        tracks.put(id, t == null ? Track.NEW : t.withBooked(0.0));
    }

    void alreadySubmitted(String id) {
        tracks.putIfAbsent(id, Track.NEW);
    }

    void booked(String id, double filled) {
        Track t = tracks.get(id);
        tracks.put(id, t == null ? Track.NEW.withBooked(filled) : t.withBooked(filled));
    }

    void replaced(String id, double filledOnPrevious) {
        tracks.computeIfPresent(id, (k, t) -> t.replaced(filledOnPrevious));
    }

    void retries(String id, int n) {
        tracks.computeIfPresent(id, (k, t) -> t.withRetries(n));
    }

    void forget(String id) {
        tracks.remove(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerOrderTracker t && t.tracks.equals(tracks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tracks);
    }

    @Override
    public String toString() {
        return "BrokerOrderTracker" + tracks;
    }
}
