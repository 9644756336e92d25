package dev.algotrader.stream.sink;

import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each symbol's end-of-run state to {@code <state-dir>/<SYMBOL>.state} (atomic replace), or,
 * when {@code pending}, to {@code <SYMBOL>.state.pending} for the runner to promote once the run's
 * outputs are final ({@link SymbolState#promote}).
 */
public final class StateFileSink implements Sink<SymbolState> {

    private final String dir;
    private final boolean pending;

    public StateFileSink(Path dir) {
        this(dir, false);
    }

    public StateFileSink(Path dir, boolean pending) {
        this.dir = dir.toString();
        this.pending = pending;
    }

    @Override
    public SinkWriter<SymbolState> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(SymbolState s, Context c) {
                SymbolState.write(Path.of(dir), s, pending);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
