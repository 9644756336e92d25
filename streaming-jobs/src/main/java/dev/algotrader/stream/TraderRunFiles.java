package dev.algotrader.stream;

import dev.algotrader.stream.sink.JsonlFileSink;
import dev.algotrader.stream.sink.RecordJson;
import dev.algotrader.stream.sink.StateFileSink;
import dev.algotrader.stream.sink.TraderOutputs;
import dev.algotrader.stream.trade.SymbolState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trader's run files: output sinks, crash recovery of interrupted outputs, output counts,
 * savepoint cursors.
 */
final class TraderRunFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TraderRunFiles.class);

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private TraderRunFiles() {}

    static Map<String, Object> withBars(Map<String, Long> counts, int bars) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bars", bars);
        m.putAll(counts);
        return m;
    }

    /**
     * Crash recovery before a run: the part files a killed run left {@code .inprogress} become
     * finished files (complete lines kept, a torn last line set aside and reported: event {@code
     * trader.output.recovered}), and the states it wrote but never promoted are dropped, so this
     * run starts from the last finished run's cursors and re-derives everything after them.
     */
    static List<String> recoverInterrupted(
            Path out, Path stateDir, String runId, TraderEvents events) {
        List<String> lines = new ArrayList<>();
        for (TraderOutputs.Recovered r : TraderOutputs.recover(out, null)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", String.valueOf(r.file()));
            d.put("complete_lines", r.lines());
            d.put("torn_bytes", r.tornBytes());
            if (r.tornFile() != null) d.put("torn_file", r.tornFile().toString());
            events.append("trader.output.recovered", runId, d);
            LOG.warn("{}", r.describe());
            lines.add(r.describe());
        }
        int dropped = SymbolState.discardPending(stateDir);
        if (dropped > 0) {
            LOG.warn("dropped {} unfinished state file(s) of an interrupted run", dropped);
        }
        return lines;
    }

    /** The file hand-off sinks below {@code out}: {@code <table>/part-<stamp>-<subtask>.jsonl}. */
    public static TraderJob.Sinks fileSinks(Path out, String stamp, Path stateDir) {
        return fileSinks(out, stamp, stateDir, false, false);
    }

    /**
     * As above; {@code flushEach}: rows visible at once (continuous runs); {@code pendingState}:
     * the end-of-input states are written as {@code .pending} for the runner to promote after the
     * job ({@link SymbolState#promote}).
     */
    public static TraderJob.Sinks fileSinks(
            Path out, String stamp, Path stateDir, boolean flushEach, boolean pendingState) {
        String part = "part-" + stamp;
        return new TraderJob.Sinks(
                new JsonlFileSink<>(out.resolve("orders"), part, RecordJson::order, flushEach),
                new JsonlFileSink<>(out.resolve("fills"), part, RecordJson::fill, flushEach),
                new JsonlFileSink<>(
                        out.resolve("positions"), part, RecordJson::position, flushEach),
                new JsonlFileSink<>(out.resolve("equity"), part, RecordJson::equity, flushEach),
                new JsonlFileSink<>(out.resolve("signals"), part, RecordJson::signal, flushEach),
                new JsonlFileSink<>(
                        out.resolve("rejected_bars"), part, RecordJson::rejection, flushEach),
                new StateFileSink(stateDir, pendingState));
    }

    static Map<String, Long> countOutputs(Path out, String stamp) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table :
                List.of("orders", "fills", "positions", "equity", "signals", "rejected_bars")) {
            long n = 0;
            Path dir = out.resolve(table);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f :
                            files.filter(
                                            p ->
                                                    p.getFileName()
                                                            .toString()
                                                            .startsWith("part-" + stamp))
                                    .toList()) {
                        try (Stream<String> lines = Files.lines(f)) {
                            n += lines.count();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            counts.put(table, n);
        }
        return counts;
    }

    /**
     * Per symbol, the open time of the newest bar in this run's {@code positions} rows (one row per
     * bar, stamped with the bar's close time, hence minus the interval).
     */
    static Map<String, Long> lastBarPerSymbol(Path out, String stamp, long intervalMillis)
            throws IOException {
        Map<String, Long> last = new HashMap<>();
        Path dir = out.resolve("positions");
        if (!Files.isDirectory(dir)) return last;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("part-" + stamp))
                            .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) continue;
                    com.fasterxml.jackson.databind.JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException torn) {
                        continue; // the torn last line of a killed writer
                    }
                    last.merge(
                            n.path("symbol").asText(),
                            n.path("ts").asLong() - intervalMillis,
                            Math::max);
                }
            }
        }
        return last;
    }

    static Map<String, Long> readCursors(Path file) throws IOException {
        Map<String, Long> m = new HashMap<>();
        if (!Files.isRegularFile(file)) return m;
        JSON.readTree(file.toFile())
                .fields()
                .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    static void writeCursors(Path file, Map<String, Long> cursors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(new java.util.TreeMap<>(cursors)) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String stamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }

    static String cursorText(Map<String, Long> cursors) {
        if (cursors.isEmpty()) return "the beginning";
        StringBuilder b = new StringBuilder();
        cursors.forEach(
                (s, ts) ->
                        b.append(b.length() == 0 ? "" : ", ")
                                .append(s)
                                .append(" ")
                                .append(Instant.ofEpochMilli(ts)));
        return b.toString();
    }
}
