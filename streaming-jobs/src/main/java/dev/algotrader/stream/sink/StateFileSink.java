package dev.algotrader.stream.sink;

import dev.algotrader.stream.trade.SymbolState;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Writes each symbol's end-of-run state to {@code <state-dir>/<SYMBOL>.state} (atomic replace). */
public final class StateFileSink implements Sink<SymbolState> {

    private final String dir;

    public StateFileSink(Path dir) {
        this.dir = dir.toString();
    }

    @Override
    public SinkWriter<SymbolState> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(SymbolState s, Context c) {
                SymbolState.write(Path.of(dir), s);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
