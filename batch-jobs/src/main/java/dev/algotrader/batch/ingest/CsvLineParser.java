package dev.algotrader.batch.ingest;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Parses one CSV line into a {@link Records} row: a trade or bar with UTC epoch-millisecond time,
 * or a rejected record with the reason (malformed line, wrong column count, non-numeric field, bad
 * or missing time zone...). Pure and serializable; runs inside Spark tasks.
 */
public final class CsvLineParser implements Serializable {

    private final String source;
    private final String file;
    private final CsvFormat format;
    private final String defaultSymbol;
    private final String interval;
    private final boolean assumeUtcWithoutZone;

    public CsvLineParser(
            String source,
            String file,
            CsvFormat format,
            String defaultSymbol,
            String interval,
            boolean assumeUtcWithoutZone) {
        this.source = source;
        this.file = file;
        this.format = format;
        this.defaultSymbol = defaultSymbol;
        this.interval = interval;
        this.assumeUtcWithoutZone = assumeUtcWithoutZone;
    }

    /** Parses line number {@code lineNo} (1-based, header included in the numbering). */
    public Row parse(long lineNo, String line) {
        boolean trade = format.trades();
        if (line.isBlank())
            return Records.rejected(source, file, lineNo, line, trade, "blank line");
        if (countQuotes(line) % 2 != 0) {
            return Records.rejected(
                    source, file, lineNo, line, trade, "malformed line: unbalanced quote");
        }
        String[] f = split(line, format.delimiter());
        int expected = format.columnCount() > 0 ? format.columnCount() : format.minColumns();
        if (format.columnCount() > 0 ? f.length != expected : f.length < expected) {
            return Records.rejected(
                    source,
                    file,
                    lineNo,
                    line,
                    trade,
                    "wrong column count: expected " + expected + ", got " + f.length);
        }
        String symbol = format.symbol() >= 0 ? f[format.symbol()].trim() : defaultSymbol;
        long ts;
        try {
            ts = parseTime(f[format.ts()].trim());
        } catch (BadField e) {
            return Records.rejected(source, file, lineNo, line, trade, e.getMessage());
        }
        try {
            if (trade) {
                double px = number(f, format.price(), "price");
                double amt = number(f, format.amount(), "amount");
                return Records.ok(
                        source, file, lineNo, line, symbol, interval, ts, px, px, px, px, amt,
                        true);
            }
            return Records.ok(
                    source,
                    file,
                    lineNo,
                    line,
                    symbol,
                    interval,
                    ts,
                    number(f, format.open(), "open"),
                    number(f, format.high(), "high"),
                    number(f, format.low(), "low"),
                    number(f, format.close(), "close"),
                    number(f, format.volume(), "volume"),
                    false);
        } catch (BadField e) {
            return Records.rejected(source, file, lineNo, line, trade, e.getMessage());
        }
    }

    private static double number(String[] f, int i, String name) {
        String s = f[i].trim();
        try {
            // Double.parseDouble accepts "NaN"/"Infinity": the rules reject them with their own
            // reason
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadField("non-numeric " + name + ": '" + s + "'");
        }
    }

    /** Epoch milliseconds UTC of a timestamp field in the file's unit. */
    long parseTime(String s) {
        if (s.isEmpty()) throw new BadField("missing timestamp");
        CsvFormat.TimeUnitKind unit = format.timeUnit();
        boolean numeric = s.matches("-?\\d+(\\.\\d+)?");
        if (unit == CsvFormat.TimeUnitKind.AUTO) {
            unit =
                    numeric
                            ? (s.indexOf('.') < 0 && s.replace("-", "").length() >= 12
                                    ? CsvFormat.TimeUnitKind.MS
                                    : CsvFormat.TimeUnitKind.S)
                            : CsvFormat.TimeUnitKind.ISO;
        }
        switch (unit) {
            case S, MS -> {
                if (!numeric) throw new BadField("non-numeric timestamp: '" + s + "'");
                double d = Double.parseDouble(s);
                return unit == CsvFormat.TimeUnitKind.S
                        ? Math.round(d * 1000.0)
                        : (s.indexOf('.') < 0 ? Long.parseLong(s) : Math.round(d));
            }
            default -> {
                return iso(s);
            }
        }
    }

    private long iso(String s) {
        String t =
                s.length() > 10 && s.charAt(10) == ' '
                        ? s.substring(0, 10) + 'T' + s.substring(11)
                        : s;
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // fall through: maybe no zone at all, or an unknown zone marker
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            LocalDateTime ldt = LocalDateTime.parse(t);
            if (assumeUtcWithoutZone) return ldt.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            throw new BadField(
                    "timestamp without time zone: '"
                            + s
                            + "' (add Z or an offset, or set algotrader.ingest.assume-utc-without-zone)");
        } catch (DateTimeParseException e) {
            // not a local date-time either
        }
        if (t.length() > 19) {
            try {
                LocalDateTime.parse(t.substring(0, 19));
                throw new BadField(
                        "bad time zone marker in timestamp: '"
                                + s
                                + "' (use Z or an offset like +02:00)");
            } catch (DateTimeException e) {
                // not even the date-time part parses
            }
        }
        throw new BadField("bad timestamp: '" + s + "'");
    }

    /** Splits on {@code delimiter} outside double quotes, stripping the quotes. */
    static String[] split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == delimiter && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }

    private static int countQuotes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '"') n++;
        return n;
    }

    /** A field that cannot be read; its message is the quarantine reason. */
    static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }
}
