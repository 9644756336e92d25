package dev.algotrader.stream.bench;

import dev.algotrader.stream.bench.KafkaTraderBench.Latency;
import dev.algotrader.stream.bench.KafkaTraderBench.Params;
import dev.algotrader.stream.bench.KafkaTraderBench.Phase;
import dev.algotrader.stream.bench.KafkaTraderBench.Throughput;
import java.io.PrintStream;

/** The lines {@link KafkaTraderBench} prints: each figure, its baseline and what was measured. */
final class KafkaBenchReport {

    private KafkaBenchReport() {}

    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    static void print(PrintStream o, Params p, Throughput t) {
        o.printf(
                "trader on Kafka, throughput: %,d bars (%d symbols), parallelism 2, checkpoint"
                        + " every %,d ms%n",
                t.bars(), p.symbols(), p.checkpointMs());
        o.printf(
                "  (bars.1m pre-loaded before the clock: %,d bars in %.1f s. Done = a"
                        + " read_committed consumer saw every bar's position and every order;"
                        + " the baseline: the job finished)%n",
                t.bars(), t.preloadSecs());
        Phase c = t.collection();
        Phase k = t.kafka();
        phase(o, "collection source -> discarding sinks     ", t.bars(), c, "");
        phase(
                o,
                "Kafka read_committed -> EXACTLY_ONCE sinks",
                t.bars(),
                k,
                t.done() ? "" : "  NOT DONE within 150 s");
        o.printf(
                "  ratio Kafka / collection: %.2f from the first output, %.2f incl. job start,"
                        + " %.2f per CPU-second%n",
                c.steadySecs() / k.steadySecs(),
                c.secs() / k.secs(),
                c.steadyCpuSecs() / k.steadyCpuSecs());
        o.printf(
                "  per bar: collection job %,.1f us CPU from the first output, a plain loop of the"
                        + " same core code (1 thread, no Flink) %,.2f us: ratio collection job /"
                        + " plain loop %.1f per CPU-second%n",
                c.steadyCpuSecs() * 1e6 / t.bars(),
                t.loopCpuSecs() * 1e6 / t.bars(),
                c.steadyCpuSecs() / t.loopCpuSecs());
    }

    private static void phase(PrintStream o, String label, long bars, Phase ph, String note) {
        o.printf(
                "  %s %,8.0f bars/s from the first output (%.1f s), %,8.0f incl. job start"
                        + " (%.1f s), %,8.0f per CPU-second; %,d orders, %,d positions%s%n",
                label,
                bars / ph.steadySecs(),
                ph.steadySecs(),
                bars / ph.secs(),
                ph.secs(),
                bars / ph.steadyCpuSecs(),
                ph.orders(),
                ph.positions(),
                note);
    }

    static void print(PrintStream o, Params p, Latency l) {
        o.printf(
                "trader on Kafka, latency at %,d bars/s paced (%,d bars): producer send -> record"
                        + " visible to a consumer%s%n",
                p.rate(), l.bars(), l.done() ? "" : "  (NOT DONE: outputs missing)");
        line(o, "  read_committed   bar -> order   ", l.committedOrders());
        line(o, "  read_committed   bar -> position", l.committedPositions());
        line(o, "  read_uncommitted bar -> order   ", l.uncommittedOrders());
        line(o, "  read_uncommitted bar -> position", l.uncommittedPositions());
        o.printf(
                "  exactly once: an order is visible when the checkpoint after it commits (every"
                        + " %,d ms here, paper-run's default 10 s),%n  so committed latency >= the"
                        + " wait for the next checkpoint; read_uncommitted ~ an at-least-once"
                        + " sink%n",
                p.checkpointMs());
        o.printf(
                "  the job %s: bars sent in %.1f s, the last one's outputs seen %.1f s after the"
                        + " last send (uncommitted): ~%,.0f bars/s processed%n",
                l.behindSecs() < 1.0 ? "kept up with the pace" : "fell behind (latency = queueing)",
                l.sendSecs(),
                l.behindSecs(),
                l.bars() / (l.sendSecs() + l.behindSecs()));
        o.printf(
                "  ratio committed / uncommitted p50 (order) %10.1f%n",
                percentileMs(l.committedOrders(), 0.5) / percentileMs(l.uncommittedOrders(), 0.5));
    }

    private static void line(PrintStream o, String label, long[] ns) {
        o.printf(
                "%s p50 %9.1f ms  p99 %9.1f ms  (%,d samples)%n",
                label, percentileMs(ns, 0.5), percentileMs(ns, 0.99), ns.length);
    }
}
