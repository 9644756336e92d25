package dev.algotrader.core.scoring;

import dev.algotrader.schema.FeatureRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The one rule for turning one symbol's feature rows into model scores: only warm rows count; a
 * pointwise model ({@link Scorer#window()} 1) scores each warm row on its own; a sequence model of
 * window {@code w} scores the last {@code w} warm rows (oldest first) once that many exist. The
 * window keeps the last rows across scorer changes (a new champion of the same window continues at
 * once).
 */
public final class ScoreWindow {

    private final ArrayDeque<FeatureRow> rows = new ArrayDeque<>();

    /** An empty window. */
    public ScoreWindow() {}

    /** A window that continues with {@code rows} (oldest first), e.g. read back from state. */
    public ScoreWindow(List<FeatureRow> rows) {
        this.rows.addAll(rows);
    }

    /**
     * Adds {@code row} and scores it with {@code scorer}; empty when there is no scorer, the row is
     * not warm, or a sequence model does not have its window yet.
     */
    public OptionalDouble score(Scorer scorer, FeatureRow row) {
        if (scorer == null || !row.warm()) return OptionalDouble.empty();
        int w = Math.max(1, scorer.window());
        if (w == 1) {
            scorer.checkFeatureSet(row);
            return OptionalDouble.of(scorer.probabilityUp(List.of(row)));
        }
        rows.addLast(row);
        while (rows.size() > w) rows.removeFirst();
        if (rows.size() < w) return OptionalDouble.empty();
        return OptionalDouble.of(scorer.probabilityUp(List.copyOf(rows)));
    }

    /**
     * Adds {@code row} as {@link #score} does, without scoring it: a bar before the trading starts
     * fills the window of a sequence model (of {@code scorer}'s window; none without a scorer).
     */
    public void warm(Scorer scorer, FeatureRow row) {
        if (scorer == null || !row.warm()) return;
        int w = Math.max(1, scorer.window());
        if (w == 1) return;
        rows.addLast(row);
        while (rows.size() > w) rows.removeFirst();
    }

    /** The rows a sequence model will see next, oldest first (for snapshots). */
    public List<FeatureRow> rows() {
        return new ArrayList<>(rows);
    }
}
