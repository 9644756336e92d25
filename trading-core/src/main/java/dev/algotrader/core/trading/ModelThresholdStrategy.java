package dev.algotrader.core.trading;

import dev.algotrader.schema.Bar;
import java.util.OptionalDouble;

/**
 * Trades the champion model's out-of-sample probability that the next move is UP: LONG when {@code
 * p >= enter}, leave a long when {@code p < exit}; SHORT (ignored in long-only mode) when {@code p
 * <= shortEnter}, cover when {@code p > shortExit}. A bar without a score changes nothing. No
 * warm-up of its own (the features behind the score carry theirs).
 */
public final class ModelThresholdStrategy implements Strategy {

    private final double enter;
    private final double exit;
    private final double shortEnter;
    private final double shortExit;

    public ModelThresholdStrategy(double enter, double exit, double shortEnter, double shortExit) {
        if (!(0 <= shortEnter
                && shortEnter <= shortExit
                && shortExit <= 1
                && 0 <= exit
                && exit <= enter
                && enter <= 1
                && shortEnter < enter)) {
            throw new IllegalArgumentException(
                    "model thresholds need 0 <= short-enter <= short-exit <= 1, 0 <= exit <= enter"
                            + " <= 1 and short-enter < enter (got enter="
                            + enter
                            + ", exit="
                            + exit
                            + ", short-enter="
                            + shortEnter
                            + ", short-exit="
                            + shortExit
                            + ")");
        }
        this.enter = enter;
        this.exit = exit;
        this.shortEnter = shortEnter;
        this.shortExit = shortExit;
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public int warmupBars() {
        return 0;
    }

    @Override
    public Direction onBar(Bar bar, OptionalDouble probabilityUp, Direction current) {
        if (probabilityUp.isEmpty()) return Direction.HOLD;
        double p = probabilityUp.getAsDouble();
        if (Double.isNaN(p)) return Direction.HOLD;
        if (current != Direction.LONG && p >= enter) return Direction.LONG;
        if (current != Direction.SHORT && p <= shortEnter) return Direction.SHORT;
        if (current == Direction.LONG && p < exit) return Direction.FLAT;
        if (current == Direction.SHORT && p > shortExit) return Direction.FLAT;
        return Direction.HOLD;
    }

    @Override
    public String describe() {
        return "enter="
                + enter
                + ",exit="
                + exit
                + ",short-enter="
                + shortEnter
                + ",short-exit="
                + shortExit;
    }
}
