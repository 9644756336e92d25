package dev.algotrader.stream.bars;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bar hand-off between the control plane and the trader. Flink 2.x has no Delta Lake connector,
 * so the control plane exports {@code silver/bars} to files and the trader replays them.
 *
 * <p>Accepted formats, by extension: {@code .jsonl} (one object per line with the {@code
 * silver/bars} column names {@code symbol, interval, ts, open, high, low, close, volume}; other
 * columns such as {@code bar_time}, {@code gap_before}, {@code source} are ignored) and {@code
 * .csv} (a header row with those names, any order). A directory is read file by file in name order.
 * Unparseable lines are returned as rejections with their line number, never silently dropped.
 */
public final class BarFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bars read from a file or directory, and the lines that could not be read. */
    public record Read(List<Bar> bars, List<String> rejectedLines) {}

    private BarFiles() {}

    /** Reads {@code path} (file or directory). */
    public static Read read(Path path) {
        List<Bar> bars = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(
                    "bar file "
                            + path
                            + " does not exist: export silver/bars first (algo-trader"
                            + " paper-once does it) or pass --bars <file.jsonl|file.csv>");
        }
        try {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".csv"))
                            .sorted(Comparator.comparing(Path::toString))
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
            for (Path f : files) readFile(f, bars, rejected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bars from " + path, e);
        }
        return new Read(bars, rejected);
    }

    private static void readFile(Path f, List<Bar> bars, List<String> rejected) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        boolean csv = f.toString().endsWith(".csv");
        Map<String, Integer> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                if (csv) {
                    String[] cells = line.split(",", -1);
                    if (header == null) {
                        header = new java.util.HashMap<>();
                        for (int c = 0; c < cells.length; c++) header.put(cells[c].trim(), c);
                        for (String need : BarRow.COLUMNS) {
                            if (!header.containsKey(need)) {
                                throw new IllegalArgumentException(
                                        "CSV bar file "
                                                + f
                                                + " has no column '"
                                                + need
                                                + "' in its header");
                            }
                        }
                        continue;
                    }
                    String[] row = cells;
                    Map<String, Integer> at = header;
                    bars.add(
                            BarRow.read(
                                    new BarRow.Source() {
                                        public String text(String c) {
                                            return row[at.get(c)].trim();
                                        }

                                        public long whole(String c) {
                                            return Long.parseLong(row[at.get(c)].trim());
                                        }

                                        public double number(String c) {
                                            return Double.parseDouble(row[at.get(c)]);
                                        }
                                    }));
                } else {
                    JsonNode n = JSON.readTree(line);
                    bars.add(
                            BarRow.read(
                                    new BarRow.Source() {
                                        public String text(String c) {
                                            return req(n, c).asText();
                                        }

                                        public long whole(String c) {
                                            return req(n, c).asLong();
                                        }

                                        public double number(String c) {
                                            return req(n, c).asDouble();
                                        }
                                    }));
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("CSV bar file")) throw e;
                rejected.add(f.getFileName() + ":" + (i + 1) + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                rejected.add(f.getFileName() + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing " + field);
        return v;
    }

    /** Writes {@code bars} as JSONL (the format the control plane exports). */
    public static void writeJsonl(Path file, List<Bar> bars) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (Bar b : bars) {
                    w.write(JSON.writeValueAsString(BarRow.values(b)));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bars to " + file, e);
        }
    }
}
