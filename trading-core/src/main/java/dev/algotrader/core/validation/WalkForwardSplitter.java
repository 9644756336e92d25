package dev.algotrader.core.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a time axis of distinct, increasing bar times into walk-forward folds with purge and
 * embargo, followed by a final holdout that model selection never sees.
 *
 * <p>Layout over bar indices {@code 0..n-1}: the last {@code holdoutFraction} of bars is the
 * holdout; the {@code purgeBars} before it are dropped so no selection label reaches into the
 * holdout. The selection region is cut into {@code folds} test windows of equal length at its end.
 * Fold {@code k} trains on every earlier bar {@code i} with {@code i + purgeBars < testStart_k}
 * (expanding), or only the last {@code trainBars} of those (sliding), minus the {@code embargoBars}
 * that follow each earlier test window.
 */
public final class WalkForwardSplitter {

    /** Expanding keeps all history; sliding keeps a fixed-length training window. */
    public enum Mode {
        EXPANDING,
        SLIDING
    }

    /** Splitter settings; see the class comment. */
    public record Config(
            int folds,
            Mode mode,
            double holdoutFraction,
            int purgeBars,
            int embargoBars,
            int minTrainBars,
            int trainBars) {
        public Config {
            if (folds < 1) throw new IllegalArgumentException("folds must be >= 1, got " + folds);
            if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
                throw new IllegalArgumentException(
                        "holdout fraction must be in (0, 1), got " + holdoutFraction);
            }
            if (purgeBars < 0 || embargoBars < 0 || minTrainBars < 1) {
                throw new IllegalArgumentException(
                        "purge and embargo must be >= 0 and min train bars >= 1");
            }
            if (mode == Mode.SLIDING && trainBars < minTrainBars) {
                throw new IllegalArgumentException("sliding train bars must be >= min train bars");
            }
        }
    }

    /** A half-open range of bar indices {@code [from, to)}. */
    public record Range(int from, int to) {
        public int size() {
            return to - from;
        }

        public boolean contains(int i) {
            return i >= from && i < to;
        }
    }

    /** One fold: training ranges (disjoint, increasing) and the test range. */
    public record Fold(int index, List<Range> train, Range test) {
        public boolean isTrain(int i) {
            for (Range r : train) if (r.contains(i)) return true;
            return false;
        }

        public int trainSize() {
            return train.stream().mapToInt(Range::size).sum();
        }
    }

    /** The folds, the selection region {@code [0, selectionEnd)} and the holdout range. */
    public record Split(List<Fold> folds, int selectionEnd, Range holdout) {}

    private final Config config;

    public WalkForwardSplitter(Config config) {
        this.config = config;
    }

    /**
     * Splits {@code n} bars. Throws {@link IllegalArgumentException} with a clear message when
     * there are too few bars for the configured folds, purge, embargo and minimum training length.
     */
    public Split split(int n) {
        int holdoutLen = (int) Math.round(n * config.holdoutFraction());
        int holdoutStart = n - holdoutLen;
        int selectionEnd = holdoutStart - config.purgeBars();
        int k = config.folds();
        // selection = [minTrain + purge][test_1][embargo][test_2]...[test_k]
        int available =
                selectionEnd
                        - config.minTrainBars()
                        - config.purgeBars()
                        - (k - 1) * config.embargoBars();
        int testLen = available / k;
        if (holdoutLen < 1 || testLen < 1) {
            throw new IllegalArgumentException(
                    "too few bars ("
                            + n
                            + ") for "
                            + k
                            + " folds with purge "
                            + config.purgeBars()
                            + ", embargo "
                            + config.embargoBars()
                            + ", min train "
                            + config.minTrainBars()
                            + " and holdout "
                            + config.holdoutFraction()
                            + ": use more data or fewer folds");
        }
        int firstTest = selectionEnd - k * testLen - (k - 1) * config.embargoBars();
        List<Fold> folds = new ArrayList<>();
        List<Range> embargoes = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int testStart = firstTest + f * (testLen + config.embargoBars());
            Range test = new Range(testStart, testStart + testLen);
            int trainEnd = testStart - config.purgeBars();
            int trainStart =
                    config.mode() == Mode.SLIDING ? Math.max(0, trainEnd - config.trainBars()) : 0;
            folds.add(new Fold(f, subtract(new Range(trainStart, trainEnd), embargoes), test));
            embargoes.add(
                    new Range(test.to(), Math.min(selectionEnd, test.to() + config.embargoBars())));
        }
        return new Split(List.copyOf(folds), selectionEnd, new Range(holdoutStart, n));
    }

    private static List<Range> subtract(Range base, List<Range> holes) {
        List<Range> out = new ArrayList<>();
        int cursor = base.from();
        for (Range h : holes) {
            if (h.to() <= cursor || h.from() >= base.to()) continue;
            if (h.from() > cursor) out.add(new Range(cursor, h.from()));
            cursor = Math.max(cursor, h.to());
        }
        if (cursor < base.to()) out.add(new Range(cursor, base.to()));
        return List.copyOf(out);
    }
}
