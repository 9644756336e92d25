package dev.algotrader.batch.ingest;

import dev.algotrader.core.data.TradeAggregator;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The order-dependent step of ingest, run once per partition over good records sorted by (symbol,
 * interval, source, seed first, file, line): aggregates trades into bars with {@link
 * TradeAggregator} (arrival order decides open and close), and quarantines records that go back in
 * time (a trade older than a bar already closed, a bar before the previous one) or repeat a bar
 * time of the same file.
 *
 * <p>Trades of one source and symbol form one stream across files: a file whose first trade is not
 * older than the open bar continues it (consecutive files), so a minute split over two files
 * becomes one bar. A <em>seed</em> record ({@code line < 0}, {@code n = 0}) is a stored bar that an
 * earlier ingest left open ({@code complete = false}); the stream resumes it when its trades
 * continue that minute. The bar still open when a stream ends is emitted with {@code complete =
 * false}, unless its source is one whose files end on a closed interval ({@code ends-closed}).
 */
public final class SequenceStage implements MapPartitionsFunction<Row, Row> {

    private final Set<String> endsClosed;

    /** {@code endsClosed}: names of the sources whose input ends on a closed interval. */
    public SequenceStage(Set<String> endsClosed) {
        this.endsClosed = Set.copyOf(endsClosed);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        State st = new State(endsClosed);
        ArrayDeque<Row> queue = new ArrayDeque<>();
        // lazy: pulls input only until an output row is ready, so a partition is never buffered
        return new Iterator<>() {
            boolean finished;

            @Override
            public boolean hasNext() {
                while (queue.isEmpty() && input.hasNext()) st.step(input.next(), queue);
                if (queue.isEmpty() && !finished) {
                    finished = true;
                    st.flush(queue);
                }
                return !queue.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return queue.poll();
            }
        };
    }

    /** The running state of one partition. */
    private static final class State {
        final Set<String> endsClosed;
        String key;
        String file;
        // bars
        long lastTs = Long.MIN_VALUE;
        long lastLine = -1;
        // trades
        TradeAggregator agg;
        long barStart = Long.MIN_VALUE;
        long barLine = -1;
        long barTrades = 0;
        String barRaw;
        Row barProto;

        State(Set<String> endsClosed) {
            this.endsClosed = endsClosed;
        }

        /** Emits the open bar (unless it is a seed nothing continued) and resets the stream. */
        void flush(Deque<Row> out) {
            if (agg != null) {
                Bar open = agg.flush();
                if (barTrades > 0) {
                    boolean closed = endsClosed.contains(barProto.getString(Records.SOURCE));
                    emitTradeBar(out, barProto, open, barLine, barRaw, barTrades, closed);
                }
            }
            agg = null;
            barStart = Long.MIN_VALUE;
            barProto = null;
        }

        void step(Row r, Deque<Row> out) {
            boolean trade = r.getBoolean(Records.IS_TRADE);
            String k =
                    r.getString(Records.SYMBOL)
                            + '\u0000'
                            + r.getString(Records.INTERVAL)
                            + '\u0000'
                            + r.getString(Records.SOURCE)
                            + '\u0000'
                            + (trade ? "" : r.getString(Records.FILE))
                            + '\u0000'
                            + trade;
            if (!Objects.equals(k, key)) {
                flush(out);
                key = k;
                file = null;
                lastTs = Long.MIN_VALUE;
                lastLine = -1;
            }
            long ts = r.getLong(Records.TS);
            long line = r.getLong(Records.LINE);
            if (!trade) {
                stepBar(r, ts, line, out);
                return;
            }
            BarInterval iv = BarInterval.parse(r.getString(Records.INTERVAL));
            long start = TradeAggregator.barStart(ts, iv.millis());
            String f = r.getString(Records.FILE);
            if (line < 0) { // a stored open bar to resume
                flush(out);
                agg = new TradeAggregator(r.getString(Records.SYMBOL), iv);
                agg.resume(
                        new Bar(
                                r.getString(Records.SYMBOL),
                                iv.text(),
                                ts,
                                r.getDouble(Records.OPEN),
                                r.getDouble(Records.HIGH),
                                r.getDouble(Records.LOW),
                                r.getDouble(Records.CLOSE),
                                r.getDouble(Records.VOLUME)));
                barStart = start;
                barLine = line;
                barRaw = r.getString(Records.RAW);
                barTrades = 0;
                barProto = r;
                file = f;
                return;
            }
            boolean seedOpen = barProto != null && barLine < 0 && barTrades == 0;
            if (!f.equals(file) || seedOpen) {
                // a file older than the open bar does not continue it: it is read on its own (a
                // rerun over stored data drops the seed)
                if (seedOpen && f.equals(file)) {
                    // the open bar came from this very file: a rerun, not a continuation
                    agg = null;
                    barStart = Long.MIN_VALUE;
                    barProto = null;
                } else if (barStart != Long.MIN_VALUE && start < barStart) {
                    flush(out);
                }
                file = f;
            }
            if (agg == null) agg = new TradeAggregator(r.getString(Records.SYMBOL), iv);
            if (barStart != Long.MIN_VALUE && start < barStart) {
                out.add(
                        Records.withReason(
                                r,
                                "out-of-order: trade at "
                                        + Instant.ofEpochMilli(ts)
                                        + " is older than the bar already closed at "
                                        + Instant.ofEpochMilli(barStart)));
                return;
            }
            Bar done = agg.add(ts, r.getDouble(Records.CLOSE), r.getDouble(Records.VOLUME));
            if (done != null) emitTradeBar(out, barProto, done, barLine, barRaw, barTrades, true);
            if (start != barStart) {
                barStart = start;
                barLine = line;
                barRaw = r.getString(Records.RAW);
                barTrades = 0;
                barProto = r;
            }
            barTrades++;
        }

        private void stepBar(Row r, long ts, long line, Deque<Row> out) {
            if (ts < lastTs) {
                out.add(
                        Records.withReason(
                                r,
                                "out-of-order: bar at "
                                        + Instant.ofEpochMilli(ts)
                                        + " comes after the bar at "
                                        + Instant.ofEpochMilli(lastTs)
                                        + " (line "
                                        + lastLine
                                        + ")"));
            } else if (ts == lastTs) {
                out.add(
                        Records.withReason(
                                r, "duplicate bar: same symbol and time as line " + lastLine));
            } else {
                out.add(r);
                lastTs = ts;
                lastLine = line;
            }
        }
    }

    private static void emitTradeBar(
            Deque<Row> out, Row proto, Bar b, long line, String raw, long trades, boolean closed) {
        if (b == null) return;
        out.add(
                RowFactory.create(
                        proto.getString(Records.SOURCE),
                        proto.getString(Records.FILE),
                        line,
                        raw,
                        b.symbol(),
                        b.interval(),
                        b.ts(),
                        b.open(),
                        b.high(),
                        b.low(),
                        b.close(),
                        b.volume(),
                        true,
                        null,
                        trades,
                        closed));
    }
}
