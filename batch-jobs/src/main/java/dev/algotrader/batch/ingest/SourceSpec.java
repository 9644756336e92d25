package dev.algotrader.batch.ingest;

import com.typesafe.config.Config;
import dev.algotrader.batch.BadInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One input source of an ingest run: its name (recorded in every row as {@code source}), its type,
 * the files to read and how to read them. Keys of a named source in {@code
 * algotrader.ingest.sources.<name>}: {@code type}, {@code paths}, {@code symbol}, {@code interval},
 * {@code timestamp-unit} (s, ms, iso, auto), {@code header}, {@code delimiter}, {@code columns { ts
 * = .., open = .., price = .. }} and for CoinGecko {@code coin-id}, {@code vs-currency}, {@code
 * endpoint} (ohlc, market-chart-range), {@code days}, {@code from}, {@code to}; {@code ends-closed}
 * (default false): the source's trade files end on a closed interval (complete history), so the
 * last bar of a file is complete; otherwise it stays {@code complete = false} until the next file.
 */
public record SourceSpec(
        String name,
        Type type,
        List<Path> paths,
        String symbol,
        String interval,
        CsvFormat.TimeUnitKind timeUnit,
        boolean header,
        char delimiter,
        Map<String, String> columns,
        Map<String, String> coingecko,
        boolean endsClosed) {

    /** Kinds of sources. */
    public enum Type {
        CSV_TRADES("csv-trades"),
        CSV_BARS("csv-bars"),
        /** CSV whose header decides: price/amount columns are trades, OHLC columns are bars. */
        CSV("csv"),
        TA4J_JSON("ta4j-json"),
        COINGECKO("coingecko");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** Parses a type name; a clear error lists the known ones. */
        public static Type parse(String s) {
            for (Type t : values()) if (t.text.equalsIgnoreCase(s)) return t;
            throw new BadInputException(
                    "unknown source type '"
                            + s
                            + "': use csv, csv-trades, csv-bars, ta4j-json or coingecko");
        }

        /** True for a known type name. */
        public static boolean isType(String s) {
            for (Type t : values()) if (t.text.equalsIgnoreCase(s)) return true;
            return false;
        }
    }

    public SourceSpec {
        paths = List.copyOf(paths);
        columns = Map.copyOf(columns);
        coingecko = Map.copyOf(coingecko);
    }

    /** A file source of {@code type} with defaults: auto timestamps, header, comma. */
    public static SourceSpec files(
            String name, Type type, List<Path> paths, String symbol, String interval) {
        return new SourceSpec(
                name,
                type,
                paths,
                symbol,
                interval,
                CsvFormat.TimeUnitKind.AUTO,
                true,
                ',',
                Map.of(),
                Map.of(),
                false);
    }

    /** A source from its config block; {@code defaultInterval} when the block has none. */
    public static SourceSpec fromConfig(String name, Config c, String defaultInterval) {
        Type type = Type.parse(c.getString("type"));
        List<Path> paths =
                c.hasPath("paths")
                        ? c.getStringList("paths").stream().map(Path::of).toList()
                        : List.of();
        Map<String, String> cols = new LinkedHashMap<>();
        if (c.hasPath("columns")) {
            for (var e : c.getConfig("columns").entrySet()) {
                cols.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        Map<String, String> cg = new LinkedHashMap<>();
        for (String k : List.of("coin-id", "vs-currency", "endpoint", "days", "from", "to")) {
            if (c.hasPath(k)) cg.put(k, c.getString(k));
        }
        String delim = c.hasPath("delimiter") ? c.getString("delimiter") : ",";
        if (delim.length() != 1) {
            throw new BadInputException(
                    "source " + name + ": delimiter must be one character, got '" + delim + "'");
        }
        return new SourceSpec(
                name,
                type,
                paths,
                c.hasPath("symbol") ? c.getString("symbol") : null,
                c.hasPath("interval") ? c.getString("interval") : defaultInterval,
                c.hasPath("timestamp-unit")
                        ? CsvFormat.TimeUnitKind.parse(c.getString("timestamp-unit"))
                        : CsvFormat.TimeUnitKind.AUTO,
                !c.hasPath("header") || c.getBoolean("header"),
                delim.charAt(0),
                cols,
                cg,
                c.hasPath("ends-closed") && c.getBoolean("ends-closed"));
    }

    /** This source reading {@code newPaths} instead. */
    public SourceSpec withPaths(List<Path> newPaths) {
        return new SourceSpec(
                name,
                type,
                newPaths,
                symbol,
                interval,
                timeUnit,
                header,
                delimiter,
                columns,
                coingecko,
                endsClosed);
    }

    /** This source with CSV fields split by {@code newDelimiter}. */
    public SourceSpec withDelimiter(char newDelimiter) {
        return new SourceSpec(
                name,
                type,
                paths,
                symbol,
                interval,
                timeUnit,
                header,
                newDelimiter,
                columns,
                coingecko,
                endsClosed);
    }

    /** A file type guessed from the extension: {@code .json} is ta4j JSON, else CSV. */
    public static Type guessType(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? Type.TA4J_JSON
                : Type.CSV;
    }
}
