package dev.algotrader.batch.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.algotrader.batch.BadInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What one ingest run takes from its sources: only some symbols and/or a time window {@code [from,
 * to)} of the record time (trade time, or bar open time). Records outside it are not quarantined
 * (they are not bad, just not asked for): they are skipped and counted in the job summary as {@code
 * not_selected}. Records that failed to parse are always kept, so bad input still reaches the
 * quarantine.
 *
 * @param symbols symbols to keep; empty = all
 * @param from first instant kept, or null
 * @param to first instant no longer kept, or null
 */
public record IngestSelection(Set<String> symbols, Instant from, Instant to) {

    /** Everything the sources hold. */
    public static final IngestSelection ALL = new IngestSelection(Set.of(), null, null);

    public IngestSelection {
        symbols = symbols == null ? Set.of() : Set.copyOf(symbols);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadInputException(
                    "--from " + from + " is not before --to " + to + ": give an increasing window");
        }
    }

    /**
     * Builds a selection from CLI values: symbols as given, {@code from}/{@code to} as an ISO date
     * ({@code 2013-11-25}, midnight UTC) or instant ({@code 2013-11-25T12:00:00Z}); null or blank =
     * no bound.
     */
    public static IngestSelection of(List<String> symbols, String from, String to) {
        return new IngestSelection(
                symbols == null
                        ? Set.of()
                        : Set.copyOf(symbols.stream().filter(s -> !s.isBlank()).toList()),
                instant("--from", from),
                instant("--to", to));
    }

    /** True when every record is taken. */
    public boolean all() {
        return symbols.isEmpty() && from == null && to == null;
    }

    /** The condition a parsed record must meet to be ingested. */
    Column condition() {
        Column keep = functions.lit(true);
        if (!symbols.isEmpty()) keep = keep.and(col("symbol").isin(symbols.toArray()));
        if (from != null) keep = keep.and(col("ts").geq(from.toEpochMilli()));
        if (to != null) keep = keep.and(col("ts").lt(to.toEpochMilli()));
        // a record that failed to parse is quarantined whatever it would have been
        return col("reason").isNotNull().or(functions.coalesce(keep, functions.lit(false)));
    }

    /** The selected records of {@code records} (Records shape). */
    Dataset<Row> apply(Dataset<Row> records) {
        return all() ? records : records.filter(condition());
    }

    /** Input records (sum of {@code n}) the selection leaves out. */
    long skipped(Dataset<Row> records) {
        if (all()) return 0;
        Row r = records.filter(functions.not(condition())).agg(sum("n")).first();
        return r.isNullAt(0) ? 0 : r.getLong(0);
    }

    private static Instant instant(String flag, String text) {
        if (text == null || text.isBlank()) return null;
        String t = text.strip();
        try {
            if (t.length() == 10)
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(
                    flag
                            + " '"
                            + text
                            + "' is not a date or time: use e.g. 2013-11-25 or"
                            + " 2013-11-25T12:00:00Z (UTC)");
        }
    }
}
