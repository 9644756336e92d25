package dev.algotrader.batch.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import dev.algotrader.batch.BadInputException;
import dev.algotrader.lake.LakeFilter;
import dev.algotrader.lake.LakeReader;
import dev.algotrader.lake.LakeRow;
import dev.algotrader.schema.Table;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a table to one CSV file (with header) or one JSON-lines file, rows sorted by the table's
 * natural key so an export is reproducible. The rows are read through Delta Kernel ({@link
 * LakeReader}), no Spark is started, and the bytes are those Spark's CSV and JSON writers produced
 * for the same table ({@code ExportParityIT}): the univocity CSV writer with Spark's default
 * settings (nulls empty, empty strings {@code ""}, surrounding whitespace trimmed), Jackson for
 * JSON (null fields left out), doubles as {@link Double#toString}, timestamps as {@code
 * yyyy-MM-dd'T'HH:mm:ss.SSSXXX} in UTC and dates as {@code yyyy-MM-dd}.
 */
public final class Exporter {

    /** Output formats of {@code algo-trader export}. */
    public enum Format {
        CSV,
        JSON;

        /** Parses {@code csv} or {@code json}; a clear error otherwise. */
        public static Format parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new BadInputException("unknown export format '" + s + "': use csv or json");
            }
        }
    }

    /** Spark's default write format of timestamps (session time zone UTC) and dates. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.US);

    private final LakeReader lake;

    public Exporter(LakeReader lake) {
        this.lake = lake;
    }

    /**
     * Exports {@code table} (optionally as of {@code version}, -1 for the latest) to the file
     * {@code out}. Returns the number of rows written.
     */
    public long export(Table table, long version, Format format, Path out) {
        StructType schema = lake.schema(table.path(), version);
        List<String> columns = schema.fieldNames();
        if (format == Format.CSV) {
            for (StructField f : schema.fields()) {
                if (f.getDataType() instanceof ArrayType) {
                    throw new BadInputException(
                            "CSV cannot hold the array column "
                                    + f.getName()
                                    + " of "
                                    + table.path()
                                    + ": export it with --format json");
                }
            }
        }
        List<LakeRow> rows = new ArrayList<>();
        lake.scan(table.path(), version, LakeFilter.all(), columns, rows::add);
        rows.sort(keyOrder(table.key()));
        Path target = out.toAbsolutePath();
        // written beside the target and moved over it: a failed export leaves no half file
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            if (format == Format.CSV) {
                writeCsv(w, columns, rows);
            } else {
                writeJson(w, columns, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return rows.size();
    }

    /** The settings Spark 3.5's CSV writer gives univocity when no option is set. */
    private static CsvWriterSettings sparkCsvSettings() {
        CsvWriterSettings s = new CsvWriterSettings();
        s.getFormat().setDelimiter(',');
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('\\');
        s.getFormat().setLineSeparator("\n");
        s.setIgnoreLeadingWhitespaces(true);
        s.setIgnoreTrailingWhitespaces(true);
        s.setNullValue("");
        s.setEmptyValue("\"\"");
        s.setSkipEmptyLines(true);
        s.setQuoteAllFields(false);
        s.setQuoteEscapingEnabled(true);
        return s;
    }

    private static void writeCsv(Writer w, List<String> columns, List<LakeRow> rows) {
        CsvWriter csv = new CsvWriter(w, sparkCsvSettings());
        csv.writeHeaders(columns.toArray(new String[0])); // also of an empty table, as Spark
        String[] values = new String[columns.size()];
        for (LakeRow r : rows) {
            for (int i = 0; i < values.length; i++) values[i] = csvText(r.get(columns.get(i)));
            csv.writeRow((Object[]) values);
        }
        csv.flush();
    }

    private static String csvText(Object v) {
        if (v == null) return null;
        if (v instanceof Instant t) return TIMESTAMP.format(t);
        if (v instanceof LocalDate d) return DATE.format(d);
        return v.toString();
    }

    private static void writeJson(Writer w, List<String> columns, List<LakeRow> rows)
            throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(w);
        g.setRootValueSeparator(null);
        for (LakeRow r : rows) {
            g.writeStartObject();
            for (String c : columns) {
                Object v = r.get(c);
                if (v == null) continue; // Spark leaves null fields out
                g.writeFieldName(c);
                writeJsonValue(g, v);
            }
            g.writeEndObject();
            g.flush();
            w.write('\n');
        }
        g.flush();
    }

    private static void writeJsonValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) g.writeString(s);
        else if (v instanceof Long l) g.writeNumber(l);
        else if (v instanceof Integer i) g.writeNumber(i);
        else if (v instanceof Double d) g.writeNumber(d);
        else if (v instanceof Boolean b) g.writeBoolean(b);
        else if (v instanceof Instant t) g.writeString(TIMESTAMP.format(t));
        else if (v instanceof LocalDate d) g.writeString(DATE.format(d));
        else if (v instanceof double[] a) {
            g.writeStartArray();
            for (double x : a) g.writeNumber(x);
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("unsupported value " + v.getClass());
        }
    }

    /** Spark's ascending order on the key columns: nulls first, strings by UTF-8 bytes. */
    static Comparator<LakeRow> keyOrder(List<String> key) {
        Comparator<LakeRow> c = null;
        for (String k : key) {
            Comparator<LakeRow> one =
                    Comparator.comparing(
                            (LakeRow r) -> r.get(k), Comparator.nullsFirst(Exporter::compare));
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) return compareUtf8(x, y);
        if (a instanceof Double x && b instanceof Double y) return compareDoubles(x, y);
        return ((Comparable) a).compareTo(b);
    }

    /** UTF-8 byte order = code point order (Java's compareTo orders UTF-16 units). */
    private static int compareUtf8(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i), y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Spark's double order: NaN after every number, -0.0 equal to 0.0. */
    private static int compareDoubles(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b))
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        return a == b ? 0 : Double.compare(a, b);
    }
}
