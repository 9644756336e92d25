package dev.algotrader.batch.ingest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The plausibility rules that need neighbouring bars, run once per partition over one or more
 * series sorted by (symbol, interval, ts): incoming bars mixed with the stored {@code silver/bars}
 * around them ({@code context} rows, used as neighbours only). Each incoming bar is judged against
 * the bars before it that passed and the next {@code jump-neighbours} bars after it:
 *
 * <ul>
 *   <li><b>correction</b>: it replaces a stored bar and changes a value by more than the correction
 *       tolerance (refused unless corrections are allowed);
 *   <li><b>price jump</b>: an open/high/low/close further (in log points) from the median close of
 *       its neighbours than {@code max(jump-min-log-return, jump-k × robust stdev)} of the 1-bar
 *       log returns of the window around it;
 *   <li><b>volume spike</b>: volume above {@code volume-median-multiple × median volume} of the
 *       window.
 * </ul>
 *
 * A rejected bar is not a neighbour of later bars, so one bad bar does not condemn the next good
 * one. State is bounded by the window: a partition is streamed, never buffered whole.
 */
public final class PlausibilityStage implements MapPartitionsFunction<Row, Row> {

    /** Input: {@link Records#SCHEMA} plus the context flag and the stored bar's values. */
    public static final StructType INPUT =
            Records.SCHEMA
                    .add("context", DataTypes.BooleanType, false)
                    .add("old_open", DataTypes.DoubleType, true)
                    .add("old_high", DataTypes.DoubleType, true)
                    .add("old_low", DataTypes.DoubleType, true)
                    .add("old_close", DataTypes.DoubleType, true)
                    .add("old_volume", DataTypes.DoubleType, true)
                    .add("old_source", DataTypes.StringType, true)
                    .add("old_complete", DataTypes.BooleanType, true);

    /** Output: the incoming bars in {@link Records#SCHEMA} plus {@code change}. */
    public static final StructType OUTPUT =
            Records.SCHEMA.add("change", DataTypes.StringType, true);

    /** A bar that no stored bar had. */
    public static final String NEW = "new";

    /** Same values as the stored bar: changes nothing. */
    public static final String SAME = "same";

    /** Replaces a stored bar within the correction tolerance. */
    public static final String UPDATED = "updated";

    /** Replaces a stored bar beyond the tolerance, allowed by {@code --allow-corrections}. */
    public static final String CORRECTED = "corrected";

    private static final int CONTEXT = Records.SCHEMA.size(),
            OLD = CONTEXT + 1,
            OLD_SOURCE = OLD + 5,
            OLD_COMPLETE = OLD_SOURCE + 1;
    private static final String[] FIELDS = {"open", "high", "low", "close", "volume"};

    private final PlausibilityRules rules;

    public PlausibilityStage(PlausibilityRules rules) {
        this.rules = rules;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        ArrayDeque<Row> out = new ArrayDeque<>();
        Series series = new Series();
        return new Iterator<>() {
            boolean flushed;

            @Override
            public boolean hasNext() {
                while (out.isEmpty() && input.hasNext()) series.add(input.next(), out);
                if (out.isEmpty() && !flushed) {
                    flushed = true;
                    series.flush(out);
                }
                return !out.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return out.poll();
            }
        };
    }

    /** The state of the series being walked: accepted past bars and bars awaiting lookahead. */
    private final class Series {
        String key;
        final ArrayDeque<double[]> past = new ArrayDeque<>(); // {close, volume} of accepted bars
        final ArrayDeque<Row> pending = new ArrayDeque<>();

        void add(Row r, ArrayDeque<Row> out) {
            String k = r.getString(Records.SYMBOL) + '\u0000' + r.getString(Records.INTERVAL);
            if (!k.equals(key)) {
                flush(out);
                key = k;
                past.clear();
            }
            pending.add(r);
            if (pending.size() > rules.jumpNeighbours()) decide(pending.poll(), out);
        }

        void flush(ArrayDeque<Row> out) {
            while (!pending.isEmpty()) decide(pending.poll(), out);
        }

        private void decide(Row r, ArrayDeque<Row> out) {
            if (r.getBoolean(CONTEXT)) {
                remember(r);
                return;
            }
            String change = change(r);
            String reason = null;
            if (change.startsWith("correction")) {
                if (rules.allowCorrections()) {
                    change = CORRECTED;
                } else {
                    reason = change;
                    change = null;
                }
            } else if (!change.equals(SAME)) {
                // an identical re-ingest changes nothing, so it is not judged again
                reason = neighbourCheck(r);
            }
            if (reason == null) remember(r);
            Object[] v = Arrays.copyOf(Records.values(r), OUTPUT.size());
            v[Records.REASON] = reason;
            v[Records.SCHEMA.size()] = reason == null ? change : null;
            out.add(RowFactory.create(v));
        }

        private void remember(Row r) {
            past.add(new double[] {r.getDouble(Records.CLOSE), r.getDouble(Records.VOLUME)});
            if (past.size() > rules.jumpWindow() + 1) past.poll();
        }

        /**
         * The price-jump or volume-spike reason of {@code r}, or null. The robust stdev and the
         * window's median volume are computed only when a cheaper bound cannot settle the rule: a
         * jump within {@code jump-min-log-return} is within the limit whatever the stdev, and a
         * volume within {@code volume-median-multiple} times the window's smallest volume is within
         * that multiple of its median (the reason text, when there is one, is the same).
         */
        private String neighbourCheck(Row r) {
            PlausibilityRules.Limits lim = rules.of(r.getString(Records.SYMBOL));
            int w = rules.jumpNeighbours();
            int after = Math.min(w, pending.size());
            int beforeNear = Math.min(w, past.size());
            double[] near = new double[beforeNear + after];
            int k = 0;
            int skip = past.size() - beforeNear;
            for (double[] b : past) if (skip-- <= 0) near[k++] = b[0];
            for (Row n : pending) {
                if (k == near.length) break;
                near[k++] = n.getDouble(Records.CLOSE);
            }
            if (near.length > 0) {
                double ref = median(near);
                int worst = -1;
                double jump = 0;
                for (int i = 0; i < 4; i++) {
                    double j = Math.abs(Math.log(r.getDouble(Records.OPEN + i) / ref));
                    if (j > jump) {
                        jump = j;
                        worst = i;
                    }
                }
                if (jump > lim.jumpMinLogReturn()) {
                    String reason = jumpReason(r, lim, near, ref, worst, jump);
                    if (reason != null) return reason;
                }
            }
            double vol = r.getDouble(Records.VOLUME);
            if (lim.volumeMedianMultiple() > 0 && past.size() + after > 0) {
                double[] vols = new double[past.size() + after];
                int i = 0;
                double least = Double.POSITIVE_INFINITY;
                for (double[] b : past) least = Math.min(least, vols[i++] = b[1]);
                for (Row n : pending) {
                    if (i == vols.length) break;
                    least = Math.min(least, vols[i++] = n.getDouble(Records.VOLUME));
                }
                // least <= median, so vol <= multiple x least settles it (NaN goes the long way)
                if (vol <= lim.volumeMedianMultiple() * least) return null;
                double med = median(vols);
                if (med > 0 && vol > lim.volumeMedianMultiple() * med) {
                    return String.format(
                            Locale.ROOT,
                            "volume spike: %s is %,.0f x the median volume %s of its %d"
                                    + " neighbouring bars (limit"
                                    + " algotrader.ingest.plausibility.volume-median-multiple %s)",
                            num(vol),
                            vol / med,
                            num(med),
                            vols.length,
                            num(lim.volumeMedianMultiple()));
                }
            }
            return null;
        }

        /** The price-jump reason of a bar {@code jump} log points from {@code ref}, or null. */
        private String jumpReason(
                Row r,
                PlausibilityRules.Limits lim,
                double[] near,
                double ref,
                int worst,
                double jump) {
            List<double[]> before = new ArrayList<>(past);
            List<double[]> after = new ArrayList<>();
            for (Row n : pending) {
                if (after.size() == rules.jumpNeighbours()) break;
                after.add(new double[] {n.getDouble(Records.CLOSE), n.getDouble(Records.VOLUME)});
            }
            double[] rets = absLogReturns(before, after);
            double sigma = rets.length == 0 ? 0 : 1.4826 * median(rets);
            double limit = Math.max(lim.jumpMinLogReturn(), lim.jumpK() * sigma);
            if (!(jump > limit)) return null;
            return String.format(
                    Locale.ROOT,
                    "price jump: %s %s is %.2f log points from %s, the median close of its"
                            + " %d neighbouring bars (limit %.3f = max(jump-min-log-return"
                            + " %s, jump-k %s x robust stdev %.5f of %d log returns);"
                            + " algotrader.ingest.plausibility)",
                    FIELDS[worst],
                    num(r.getDouble(Records.OPEN + worst)),
                    jump,
                    num(ref),
                    near.length,
                    limit,
                    num(lim.jumpMinLogReturn()),
                    num(lim.jumpK()),
                    sigma,
                    rets.length);
        }

        /** new, same, updated, or the reason text of a correction beyond the tolerance. */
        private String change(Row r) {
            if (r.isNullAt(OLD + 3)) return NEW;
            double worst = 0;
            int field = -1;
            for (int i = 0; i < 5; i++) {
                double now = r.getDouble(Records.OPEN + i), was = r.getDouble(OLD + i);
                double rel =
                        now == was
                                ? 0
                                : was == 0 ? Double.POSITIVE_INFINITY : Math.abs(now / was - 1);
                if (rel > worst) {
                    worst = rel;
                    field = i;
                }
            }
            if (field < 0) return SAME;
            // completing a bar stored while its interval was open is no correction
            if (worst <= rules.correctionTolerance()
                    || (!r.isNullAt(OLD_COMPLETE) && !r.getBoolean(OLD_COMPLETE))) return UPDATED;
            return String.format(
                    Locale.ROOT,
                    "correction beyond tolerance: would replace the stored bar %s %s %s"
                            + " (silver/bars, source %s) o/h/l/c/v %s with %s (largest change:"
                            + " %s %s > algotrader.ingest.correction-tolerance %s): rerun ingest"
                            + " with --allow-corrections to accept it",
                    r.getString(Records.SYMBOL),
                    r.getString(Records.INTERVAL),
                    Instant.ofEpochMilli(r.getLong(Records.TS)),
                    r.getString(OLD_SOURCE),
                    ohlcv(r, OLD),
                    ohlcv(r, Records.OPEN),
                    FIELDS[field],
                    Double.isInfinite(worst)
                            ? "from 0"
                            : String.format(
                                    Locale.ROOT,
                                    "%+,.2f%%",
                                    100
                                            * (r.getDouble(Records.OPEN + field)
                                                            / r.getDouble(OLD + field)
                                                    - 1)),
                    num(rules.correctionTolerance()));
        }
    }

    private static String ohlcv(Row r, int first) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            if (i > 0) b.append('/');
            b.append(num(r.getDouble(first + i)));
        }
        return b.toString();
    }

    /** |log returns| of consecutive closes before and after the bar (not across it). */
    private static double[] absLogReturns(List<double[]> before, List<double[]> after) {
        double[] out = new double[Math.max(0, before.size() - 1) + Math.max(0, after.size() - 1)];
        int k = 0;
        for (int i = 1; i < before.size(); i++) {
            out[k++] = Math.abs(Math.log(before.get(i)[0] / before.get(i - 1)[0]));
        }
        for (int i = 1; i < after.size(); i++) {
            out[k++] = Math.abs(Math.log(after.get(i)[0] / after.get(i - 1)[0]));
        }
        return out;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf((long) d)
                : String.valueOf(d);
    }
}
