package dev.algotrader.core.features;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * One feature (or a few columns computed together, e.g. MACD's line, signal and histogram) in one
 * place: its column names, its warm-up and its incremental update. A feature set is an ordered list
 * of units; the engine feeds each bar to every unit in order. A unit keeps its own running state
 * (written into the engine's snapshot in unit order) and reads the shared recent history from the
 * {@link BarWindow}.
 */
public interface FeatureUnit extends Serializable {

    /** The column names, in output order. */
    List<String> names();

    /** Bars before the first valid value (row index {@code >= warmup()} has one). */
    int warmup();

    /**
     * Feeds bar number {@code w.index()} (the window already holds it) and writes this unit's
     * values into {@code out[at ..]} — left NaN while warming up.
     */
    void update(BarWindow w, Bar bar, double[] out, int at);

    /** Writes the running state into the engine's snapshot; stateless units write nothing. */
    default void writeState(DataOutput out) throws IOException {}

    /** Reads back what {@link #writeState} wrote. */
    default void readState(DataInput in) throws IOException {}
}
