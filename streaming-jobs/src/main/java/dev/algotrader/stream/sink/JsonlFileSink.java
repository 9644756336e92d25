package dev.algotrader.stream.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The file hand-off to the control plane: each subtask appends one JSON object per line to {@code
 * <dir>/<name>-<subtask>.jsonl.inprogress}, flushed and fsynced at every checkpoint and at end of
 * input, and renamed to {@code <name>-<subtask>.jsonl} when the writer closes. A finished file
 * therefore never ends in a torn line; a process killed mid-run leaves its {@code .inprogress}
 * file, which {@link TraderOutputs#recover} turns into a finished one (complete lines kept, a torn
 * last line reported and set aside). Delivery is at-least-once (a replay after a failure may append
 * a row again); the control plane MERGEs the rows into {@code trading/*} on the table's natural
 * key, which makes the table exactly-once.
 */
public final class JsonlFileSink<T> implements Sink<T> {

    /** Turns a record into its table row. */
    @FunctionalInterface
    public interface Columns<T> extends Serializable {
        Map<String, Object> of(T record);
    }

    private final String dir;
    private final String name;
    private final Columns<T> columns;
    private final boolean flushEachRecord;

    public JsonlFileSink(Path dir, String name, Columns<T> columns) {
        this(dir, name, columns, false);
    }

    /**
     * @param flushEachRecord also flush after every row (continuous trading: rows are visible at
     *     once, not only at the next checkpoint)
     */
    public JsonlFileSink(Path dir, String name, Columns<T> columns, boolean flushEachRecord) {
        this.dir = dir.toString();
        this.name = name;
        this.columns = columns;
        this.flushEachRecord = flushEachRecord;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path done = Path.of(dir).resolve(name + "-" + subtask + TraderOutputs.DONE);
        Path file = Path.of(dir).resolve(name + "-" + subtask + TraderOutputs.IN_PROGRESS);
        Files.createDirectories(file.getParent());
        // a restart inside the same run (failover) continues the file it had finished
        if (Files.exists(done) && !Files.exists(file)) {
            Files.move(done, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Writer<>(file, done, columns, flushEachRecord);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path file;
        private final Path done;
        private final Columns<T> columns;
        private final BufferedWriter out;
        private final boolean flushEachRecord;

        Writer(Path file, Path done, Columns<T> columns, boolean flushEachRecord)
                throws IOException {
            this.file = file;
            this.done = done;
            this.columns = columns;
            this.flushEachRecord = flushEachRecord;
            this.out =
                    Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(JSON.writeValueAsString(columns.of(element)));
            out.newLine();
            if (flushEachRecord) out.flush();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            Files.move(file, done, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
