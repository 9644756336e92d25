package dev.algotrader.batch.ingest;

import dev.algotrader.batch.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to read one CSV file: delimiter, header, timestamp unit and which column holds what. Columns
 * are 0-based indexes ({@code -1} = absent); they are resolved from names against the header line,
 * or auto-detected from common header names ({@code timestamp,price,amount}, {@code
 * ts,open,high,low,close,volume}, {@code symbol}).
 */
public record CsvFormat(
        char delimiter,
        boolean header,
        TimeUnitKind timeUnit,
        int columnCount,
        int ts,
        int symbol,
        int open,
        int high,
        int low,
        int close,
        int volume,
        int price,
        int amount)
        implements Serializable {

    /** How the timestamp column is written. */
    public enum TimeUnitKind {
        /** epoch seconds (decimals allowed). */
        S,
        /** epoch milliseconds. */
        MS,
        /** ISO-8601 with {@code Z} or an offset. */
        ISO,
        /** digits with 12 or more places are milliseconds, fewer are seconds; else ISO-8601. */
        AUTO;

        public static TimeUnitKind parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "s", "seconds", "epoch-s" -> S;
                case "ms", "millis", "epoch-ms" -> MS;
                case "iso", "iso-8601", "iso8601" -> ISO;
                case "auto" -> AUTO;
                default ->
                        throw new BadInputException(
                                "unknown timestamp-unit '" + s + "': use s, ms, iso or auto");
            };
        }
    }

    private static final Map<String, List<String>> SYNONYMS =
            Map.of(
                    "ts",
                            List.of(
                                    "ts",
                                    "timestamp",
                                    "time",
                                    "date",
                                    "datetime",
                                    "open_time",
                                    "opentime"),
                    "symbol", List.of("symbol", "pair", "ticker", "instrument"),
                    "open", List.of("open", "o"),
                    "high", List.of("high", "h"),
                    "low", List.of("low", "l"),
                    "close", List.of("close", "c"),
                    "volume", List.of("volume", "vol", "v"),
                    "price", List.of("price", "px"),
                    "amount", List.of("amount", "qty", "quantity", "size", "volume"));

    /**
     * Resolves a mapping for {@code headerLine}: {@code named} maps a role (ts, symbol, open, …,
     * price, amount) to a column name or 0-based index; roles missing there are looked up by their
     * usual names. {@code trades} selects price/amount instead of OHLCV.
     */
    public static CsvFormat resolve(
            String headerLine,
            boolean header,
            char delimiter,
            TimeUnitKind unit,
            boolean trades,
            Map<String, String> named,
            String file) {
        if (headerLine != null && headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1); // UTF-8 byte-order mark
        }
        List<String> cols =
                headerLine == null
                        ? List.of()
                        : Arrays.stream(CsvLineParser.split(headerLine, delimiter))
                                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                                .toList();
        Map<String, Integer> idx = new HashMap<>();
        List<String> roles =
                new ArrayList<>(
                        trades
                                ? List.of("ts", "price", "amount")
                                : List.of("ts", "open", "high", "low", "close", "volume"));
        roles.add("symbol");
        for (String role : roles) {
            String want = named.get(role);
            int i = -1;
            if (want != null) {
                if (want.matches("\\d+")) {
                    i = Integer.parseInt(want);
                } else if (header) {
                    i = cols.indexOf(want.toLowerCase(Locale.ROOT));
                }
                if (i < 0) {
                    throw new BadInputException(
                            "column '"
                                    + want
                                    + "' for "
                                    + role
                                    + " not found in the header of "
                                    + file
                                    + " (header: "
                                    + String.join(",", cols)
                                    + ")");
                }
            } else if (header) {
                for (String syn : SYNONYMS.get(role)) {
                    if (cols.contains(syn)) {
                        i = cols.indexOf(syn);
                        break;
                    }
                }
            }
            if (i < 0 && !role.equals("symbol")) {
                throw new BadInputException(
                        "cannot find the "
                                + role
                                + " column of "
                                + file
                                + (header
                                        ? " (header: " + String.join(",", cols) + ")"
                                        : " (no header)")
                                + ": map it in the source's columns { "
                                + role
                                + " = <name or 0-based index> }");
            }
            idx.put(role, i);
        }
        int count = header ? cols.size() : -1;
        return new CsvFormat(
                delimiter,
                header,
                unit,
                count,
                idx.get("ts"),
                idx.get("symbol"),
                idx.getOrDefault("open", -1),
                idx.getOrDefault("high", -1),
                idx.getOrDefault("low", -1),
                idx.getOrDefault("close", -1),
                idx.getOrDefault("volume", -1),
                idx.getOrDefault("price", -1),
                idx.getOrDefault("amount", -1));
    }

    /** True when rows are trades (price, amount) rather than bars. */
    public boolean trades() {
        return price >= 0;
    }

    /** Smallest number of fields a row must have (the highest mapped index + 1). */
    public int minColumns() {
        int m = 0;
        for (int i : new int[] {ts, symbol, open, high, low, close, volume, price, amount}) {
            m = Math.max(m, i + 1);
        }
        return m;
    }
}
