package dev.algotrader.lake;

import dev.algotrader.schema.BarRow;
import java.util.List;
import java.util.Map;

/**
 * One row read by a {@link LakeReader}: values by column name. Types: STRING {@link String}, LONG
 * {@link Long}, INT {@link Integer}, DOUBLE {@link Double}, BOOLEAN {@link Boolean}, TIMESTAMP
 * {@link java.time.Instant}, DATE {@link java.time.LocalDate}, array of DOUBLE {@code double[]};
 * null where the table has no value (also for a column a data file predates, e.g. {@code
 * volume_known} in files written before it was added).
 */
public final class LakeRow implements BarRow.Source {

    private final Map<String, Integer> index;
    private final Object[] values;

    LakeRow(Map<String, Integer> index, Object[] values) {
        this.index = index;
        this.values = values;
    }

    /** The value of {@code column}, or null. */
    public Object get(String column) {
        Integer i = index.get(column);
        if (i == null)
            throw new IllegalArgumentException("no column " + column + " in " + columns());
        return values[i];
    }

    public boolean isNull(String column) {
        return get(column) == null;
    }

    public String getString(String column) {
        return (String) get(column);
    }

    public long getLong(String column) {
        return ((Number) get(column)).longValue();
    }

    public int getInt(String column) {
        return ((Number) get(column)).intValue();
    }

    public double getDouble(String column) {
        return ((Number) get(column)).doubleValue();
    }

    public Boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    /** The column names, in read order. */
    public List<String> columns() {
        String[] names = new String[values.length];
        index.forEach((k, v) -> names[v] = k);
        return List.of(names);
    }

    @Override
    public String text(String column) {
        return getString(column);
    }

    @Override
    public long whole(String column) {
        return getLong(column);
    }

    @Override
    public double number(String column) {
        return getDouble(column);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        List<String> cols = columns();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(cols.get(i)).append('=');
            b.append(values[i] instanceof double[] d ? java.util.Arrays.toString(d) : values[i]);
        }
        return b.append('}').toString();
    }
}
