package dev.algotrader.lake;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rows a {@link LakeReader} returns: per column a set of accepted values (a symbol list, one
 * interval, one run id) and at most one half-open range on a LONG column (a time window {@code
 * [from, to)} in epoch millis). The same filter prunes files (partition values and the min/max
 * statistics in the Delta log) and is then applied to every row, so the result is exact.
 */
public final class LakeFilter {

    private final Map<String, Set<Object>> in;
    private final String rangeColumn;
    private final Long from;
    private final Long to;

    private LakeFilter(Map<String, Set<Object>> in, String rangeColumn, Long from, Long to) {
        this.in = in;
        this.rangeColumn = rangeColumn;
        this.from = from;
        this.to = to;
    }

    /** Every row. */
    public static LakeFilter all() {
        return new LakeFilter(Map.of(), null, null, null);
    }

    /** Rows whose {@code column} equals {@code value} (a String, Long or Integer). */
    public LakeFilter eq(String column, Object value) {
        return in(column, List.of(value));
    }

    /** Rows whose {@code column} is one of {@code values}. */
    public LakeFilter in(String column, Collection<?> values) {
        Map<String, Set<Object>> m = new LinkedHashMap<>(in);
        m.put(column, Set.copyOf(new LinkedHashSet<>(values)));
        return new LakeFilter(Map.copyOf(m), rangeColumn, from, to);
    }

    /** Rows with {@code from <= column < to}; a null bound is open. */
    public LakeFilter range(String column, Long from, Long to) {
        return new LakeFilter(in, column, from, to);
    }

    /** True when the row (values by column name) passes. */
    boolean accepts(LakeRow row) {
        for (Map.Entry<String, Set<Object>> e : in.entrySet()) {
            if (!e.getValue().contains(row.get(e.getKey()))) return false;
        }
        if (rangeColumn != null) {
            Object v = row.get(rangeColumn);
            if (v == null) return false;
            long x = ((Number) v).longValue();
            if (from != null && x < from) return false;
            if (to != null && x >= to) return false;
        }
        return true;
    }

    /**
     * False when no value in {@code [min, max]} of {@code column} (a file's statistics) can pass:
     * the column has accepted values and none lies in the range, or it is the range column and the
     * ranges do not meet. Values of another type than the statistics never exclude.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    boolean mayMatch(String column, Comparable min, Comparable max) {
        Set<Object> values = in.get(column);
        if (values != null && !values.isEmpty()) {
            boolean any = false;
            for (Object v : values) {
                if (v == null || v.getClass() != min.getClass() || v.getClass() != max.getClass())
                    return true;
                if (min.compareTo(v) <= 0 && max.compareTo(v) >= 0) any = true;
            }
            if (!any) return false;
        }
        if (column.equals(rangeColumn) && min instanceof Long lo && max instanceof Long hi) {
            if (from != null && hi < from) return false;
            if (to != null && lo >= to) return false;
        }
        return true;
    }

    /** The columns the filter needs to see on every row. */
    List<String> columns() {
        List<String> c = new ArrayList<>(in.keySet());
        if (rangeColumn != null) c.add(rangeColumn);
        return c;
    }

    /** The Kernel predicate for file pruning (columns of the table only), or empty. */
    Optional<Predicate> predicate(StructType schema) {
        List<Predicate> parts = new ArrayList<>();
        for (Map.Entry<String, Set<Object>> e : in.entrySet()) {
            if (schema.indexOf(e.getKey()) < 0 || e.getValue().isEmpty()) continue;
            Predicate any = null;
            for (Object v : e.getValue()) {
                Predicate p = new Predicate("=", new Column(e.getKey()), literal(v));
                any = any == null ? p : new Predicate("OR", any, p);
            }
            parts.add(any);
        }
        if (rangeColumn != null && schema.indexOf(rangeColumn) >= 0) {
            if (from != null)
                parts.add(new Predicate(">=", new Column(rangeColumn), Literal.ofLong(from)));
            if (to != null)
                parts.add(new Predicate("<", new Column(rangeColumn), Literal.ofLong(to)));
        }
        Predicate all = null;
        for (Predicate p : parts) all = all == null ? p : new Predicate("AND", all, p);
        return Optional.ofNullable(all);
    }

    private static Literal literal(Object v) {
        if (v instanceof String s) return Literal.ofString(s);
        if (v instanceof Long l) return Literal.ofLong(l);
        if (v instanceof Integer i) return Literal.ofInt(i);
        if (v instanceof Boolean b) return Literal.ofBoolean(b);
        throw new IllegalArgumentException("unsupported filter value " + v);
    }

    @Override
    public String toString() {
        return "LakeFilter"
                + in
                + (rangeColumn == null ? "" : " " + rangeColumn + " in [" + from + ", " + to + ")");
    }
}
