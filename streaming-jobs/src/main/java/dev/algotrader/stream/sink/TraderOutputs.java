package dev.algotrader.stream.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The trader's output folders ({@code <out>/<table>/part-<stamp>-<subtask>.jsonl}) after a crash.
 * {@link JsonlFileSink} writes to {@code .jsonl.inprogress} and renames on close, so a file left
 * {@code .inprogress} belongs to a run that was killed (e.g. {@code kill -9} during the Flink phase
 * of {@code paper-once}). {@link #recover} keeps every complete line of such a file (it becomes a
 * normal {@code .jsonl} file the control plane merges) and sets a torn last line aside in {@code
 * <file>.torn}, reporting it: the killed run never wrote its state file, so the next run re-derives
 * that record from the same bars.
 */
public final class TraderOutputs {

    /** Suffix of a finished part file. */
    public static final String DONE = ".jsonl";

    /** Suffix of a part file a running (or killed) writer holds. */
    public static final String IN_PROGRESS = ".jsonl.inprogress";

    /** The folders below {@code trader.out-dir}. */
    public static final List<String> TABLES =
            List.of("orders", "fills", "positions", "equity", "signals", "rejected_bars");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recovered file.
     *
     * @param file the finished file the complete lines are now in (absent when there were none)
     * @param lines complete lines kept
     * @param tornBytes bytes of the torn last line set aside (0: none)
     * @param tornFile where they were set aside, or null
     */
    public record Recovered(Path file, long lines, long tornBytes, Path tornFile) {
        /** One line for the user and the audit log. */
        public String describe() {
            return file
                    + ": kept "
                    + lines
                    + " complete line(s) of an interrupted run"
                    + (tornBytes > 0
                            ? ", set aside a torn last line ("
                                    + tornBytes
                                    + " bytes, in "
                                    + tornFile.getFileName()
                                    + "; the rerun re-derives its record)"
                            : "");
        }
    }

    private TraderOutputs() {}

    /**
     * Turns every {@code .inprogress} file below {@code out} whose name does not start with {@code
     * part-<skipStamp>} (the run in progress, if any; null: none) into a finished file.
     */
    public static List<Recovered> recover(Path out, String skipStamp) {
        List<Recovered> done = new ArrayList<>();
        for (String table : TABLES) {
            Path dir = out.resolve(table);
            if (!Files.isDirectory(dir)) continue;
            List<Path> left;
            try (Stream<Path> s = Files.list(dir)) {
                left =
                        s.filter(p -> p.getFileName().toString().endsWith(IN_PROGRESS))
                                .filter(
                                        p ->
                                                skipStamp == null
                                                        || !p.getFileName()
                                                                .toString()
                                                                .startsWith("part-" + skipStamp))
                                .sorted()
                                .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            for (Path p : left) done.add(recoverFile(p));
        }
        return done;
    }

    /** Keeps the complete, parseable lines of one interrupted file; sets the rest aside. */
    static Recovered recoverFile(Path inProgress) {
        String name = inProgress.getFileName().toString();
        Path target =
                inProgress.resolveSibling(
                        name.substring(0, name.length() - IN_PROGRESS.length()) + DONE);
        try {
            byte[] all = Files.readAllBytes(inProgress);
            int end = all.length;
            while (end > 0 && all[end - 1] != '\n') end--;
            List<String> bad = new ArrayList<>();
            if (end < all.length) {
                bad.add(new String(all, end, all.length - end, StandardCharsets.UTF_8));
            }
            StringBuilder keep = new StringBuilder();
            long kept = 0;
            for (String line : new String(all, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                if (parses(line)) {
                    keep.append(line).append('\n');
                    kept++;
                } else {
                    bad.add(line);
                }
            }
            Path torn = null;
            long tornBytes = 0;
            if (!bad.isEmpty()) {
                torn = inProgress.resolveSibling(name + ".torn");
                String text = String.join("\n", bad) + "\n";
                tornBytes = text.getBytes(StandardCharsets.UTF_8).length - 1;
                Files.writeString(
                        torn,
                        text,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (kept == 0) {
                Files.delete(inProgress);
                return new Recovered(target, 0, tornBytes, torn);
            }
            Path tmp = inProgress.resolveSibling(name + ".tmp");
            Files.writeString(tmp, keep, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            // a finished file of the same name (a writer that closed, then restarted) is kept
            // apart
            Path dest = Files.exists(target) ? uniqueSibling(target) : target;
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(inProgress);
            return new Recovered(dest, kept, tornBytes, torn);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover " + inProgress, e);
        }
    }

    private static Path uniqueSibling(Path target) {
        String n = target.getFileName().toString();
        String base = n.substring(0, n.length() - DONE.length());
        for (int i = 1; ; i++) {
            // "~" sorts after ".": the continuation stays the later file by name
            Path p = target.resolveSibling(base + "~recovered" + i + DONE);
            if (!Files.exists(p)) return p;
        }
    }

    private static boolean parses(String line) {
        try {
            return JSON.readTree(line).isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
