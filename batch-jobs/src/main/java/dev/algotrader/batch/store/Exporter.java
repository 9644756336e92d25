package dev.algotrader.batch.store;

import dev.algotrader.batch.BadInputException;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes any table to CSV (with header) or JSON lines, either as one file or as a Spark folder of
 * part files. Rows are sorted by the table's natural key so an export is reproducible.
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

    private final DeltaStore store;

    public Exporter(DeltaStore store) {
        this.store = store;
    }

    /**
     * Exports {@code table} (optionally as of {@code version}, -1 for the latest) to {@code out}.
     * With {@code singleFile} the result is exactly the file {@code out}; otherwise {@code out} is
     * a folder. Returns the number of rows written.
     */
    public long export(Table table, long version, Format format, Path out, boolean singleFile) {
        Dataset<Row> df = version < 0 ? store.read(table) : store.read(table, version);
        String[] key = table.key().toArray(new String[0]);
        df = df.orderBy(key[0], java.util.Arrays.copyOfRange(key, 1, key.length));
        long rows = df.count();
        Path target = out.toAbsolutePath();
        Path folder = singleFile ? target.resolveSibling(target.getFileName() + ".parts") : target;
        var w = (singleFile ? df.coalesce(1) : df).write().mode("overwrite");
        if (format == Format.CSV) {
            w.option("header", "true").csv(folder.toString());
        } else {
            w.json(folder.toString());
        }
        if (singleFile) moveSinglePart(folder, target, format);
        return rows;
    }

    private static void moveSinglePart(Path folder, Path target, Format format) {
        String ext = format == Format.CSV ? ".csv" : ".json";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "part-*" + ext)) {
            Path part = null;
            for (Path p : ds) part = p;
            if (part == null) {
                // an empty table: Spark writes no part file
                Files.writeString(target, "");
            } else {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> s = Files.walk(folder)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
