package dev.algotrader.batch.ingest;

import dev.algotrader.core.data.TradeAggregator;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.BarInterval;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The order-dependent step of ingest, run once per partition over good records sorted by (symbol,
 * interval, source, file, line): aggregates trades into bars with {@link TradeAggregator} (arrival
 * order decides open and close), and quarantines records that go back in time (a trade older than a
 * bar already closed, a bar before the previous one) or repeat a bar time of the same file.
 */
public final class SequenceStage implements MapPartitionsFunction<Row, Row> {

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        State st = new State();
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
        String key;
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

        void flush(Deque<Row> out) {
            if (agg != null) emitTradeBar(out, barProto, agg.flush(), barLine, barRaw, barTrades);
            agg = null;
        }

        void step(Row r, Deque<Row> out) {
            String k =
                    r.getString(Records.SYMBOL)
                            + '\u0000'
                            + r.getString(Records.INTERVAL)
                            + '\u0000'
                            + r.getString(Records.SOURCE)
                            + '\u0000'
                            + r.getString(Records.FILE)
                            + '\u0000'
                            + r.getBoolean(Records.IS_TRADE);
            if (!Objects.equals(k, key)) {
                flush(out);
                key = k;
                lastTs = Long.MIN_VALUE;
                lastLine = -1;
                barStart = Long.MIN_VALUE;
                barProto = null;
            }
            long ts = r.getLong(Records.TS);
            long line = r.getLong(Records.LINE);
            if (!r.getBoolean(Records.IS_TRADE)) {
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
                return;
            }
            BarInterval iv = BarInterval.parse(r.getString(Records.INTERVAL));
            if (agg == null) agg = new TradeAggregator(r.getString(Records.SYMBOL), iv);
            long start = TradeAggregator.barStart(ts, iv.millis());
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
            if (done != null) emitTradeBar(out, barProto, done, barLine, barRaw, barTrades);
            if (start != barStart) {
                barStart = start;
                barLine = line;
                barRaw = r.getString(Records.RAW);
                barTrades = 0;
                barProto = r;
            }
            barTrades++;
        }
    }

    private static void emitTradeBar(
            Deque<Row> out, Row proto, Bar b, long line, String raw, long trades) {
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
                        trades));
    }
}
