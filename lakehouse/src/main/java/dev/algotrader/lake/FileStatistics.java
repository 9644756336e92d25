package dev.algotrader.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.utils.DataFileStatistics;
import io.delta.kernel.utils.DataFileStatus;
import java.util.Map;
import java.util.Optional;

/**
 * A data file's statistics as the Delta protocol stores them in the log ({@code numRecords}, {@code
 * minValues}, {@code maxValues}, {@code nullCount}), which Spark and Kernel use to skip files.
 * Kernel 3.3's own {@link DataFileStatistics#serializeAsJson} writes only {@code numRecords}
 * although its Parquet writer reads the rest from the file footer; this writes all of it. Min/max
 * are written for strings, longs, ints and finite doubles (the types Delta skips on; NaN and
 * infinities have no min/max in the protocol), null counts for every column.
 */
final class FileStatistics extends DataFileStatistics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FileStatistics(DataFileStatistics s) {
        super(s.getNumRecords(), s.getMinValues(), s.getMaxValues(), s.getNullCounts());
    }

    /** The file with its statistics serialized in full (unchanged when it has none). */
    static DataFileStatus complete(DataFileStatus f) {
        if (f.getStatistics().isEmpty()) return f;
        return new DataFileStatus(
                f.getPath(),
                f.getSize(),
                f.getModificationTime(),
                Optional.of(new FileStatistics(f.getStatistics().get())));
    }

    @Override
    public String serializeAsJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("numRecords", getNumRecords());
        ObjectNode min = out.putObject("minValues");
        ObjectNode max = out.putObject("maxValues");
        ObjectNode nulls = out.putObject("nullCount");
        for (Map.Entry<Column, Literal> e : getMinValues().entrySet()) {
            Literal hi = getMaxValues().get(e.getKey());
            if (hi != null && skippable(e.getValue()) && skippable(hi)) {
                put(min, name(e.getKey()), e.getValue());
                put(max, name(e.getKey()), hi);
            }
        }
        getNullCounts().forEach((c, n) -> nulls.put(name(c), n));
        return out.toString();
    }

    private static boolean skippable(Literal l) {
        Object v = l.getValue();
        if (v == null) return false;
        if (l.getDataType() instanceof DoubleType) return Double.isFinite((Double) v);
        return l.getDataType() instanceof StringType
                || l.getDataType() instanceof LongType
                || l.getDataType() instanceof IntegerType;
    }

    private static void put(ObjectNode node, String name, Literal l) {
        Object v = l.getValue();
        if (v instanceof String s) node.put(name, s);
        else if (v instanceof Long n) node.put(name, n);
        else if (v instanceof Integer n) node.put(name, n);
        else node.put(name, (Double) v);
    }

    /** A top-level column's name (the tables written here have no nested columns). */
    private static String name(Column c) {
        return String.join(".", c.getNames());
    }
}
