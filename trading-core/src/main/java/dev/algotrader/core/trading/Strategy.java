package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A trading rule evaluated once per completed bar, oldest bar first. Implementations keep their own
 * incremental state (so the object is part of {@link KernelState}) and may only use the bars they
 * have been given so far: no look-ahead. During the warm-up they return {@link Direction#HOLD}.
 */
public interface Strategy extends Serializable {

    /** Short name used in client order ids and reports, e.g. {@code sma-cross}. */
    String name();

    /** Bars needed before the first decision. */
    int warmupBars();

    /**
     * Feeds the completed bar {@code bar}; returns the decision taken at its close. {@code current}
     * is the side the kernel holds or is working towards (LONG, SHORT or FLAT; after a stop-out or
     * a risk rejection it tells the strategy what really happened).
     */
    Direction onBar(Bar bar, OptionalDouble probabilityUp, Direction current);

    /**
     * Writes the incremental state (not the parameters) for {@link KernelState#snapshot()}; a
     * stateless strategy writes nothing.
     */
    default void writeState(DataOutput out) throws IOException {}

    /** Reads back what {@link #writeState} wrote, into a fresh strategy of the same parameters. */
    default void readState(DataInput in) throws IOException {}

    /**
     * The indicators this strategy reads (none by default): a backtester computes exactly these
     * over the whole series ahead and {@link #bind binds} them, so a strategy pays only for what it
     * uses.
     */
    default List<Indicator> indicators() {
        return List.of();
    }

    /**
     * Gives a fresh strategy (no bar seen yet) the precomputed values of its {@link #indicators()}
     * for the bars it will see next, in order. Optional: a strategy that ignores it, or a bar that
     * is not the series' next one, computes incrementally, with the same result bit for bit.
     */
    default void bind(IndicatorSeries series) {}

    /** Parameters for reports and leaderboards, in a stable order. */
    String describe();
}
