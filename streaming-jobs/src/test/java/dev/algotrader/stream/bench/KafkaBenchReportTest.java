package dev.algotrader.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.stream.bench.KafkaTraderBench.Latency;
import dev.algotrader.stream.bench.KafkaTraderBench.Params;
import dev.algotrader.stream.bench.KafkaTraderBench.Phase;
import dev.algotrader.stream.bench.KafkaTraderBench.Throughput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KafkaBenchReportTest {

    @Test
    void percentilesAreOfTheSortedSamplesInMilliseconds() {
        long[] ns = new long[100];
        for (int i = 0; i < 100; i++) ns[i] = (i + 1) * 1_000_000L;
        assertThat(KafkaBenchReport.percentileMs(ns, 0.5)).isEqualTo(51.0);
        assertThat(KafkaBenchReport.percentileMs(ns, 0.99)).isEqualTo(100.0);
        assertThat(KafkaBenchReport.percentileMs(new long[0], 0.5)).isNaN();
    }

    @Test
    void printsEachFigureWithItsBaselineAndTheCheckpointInterval() {
        Params p = new Params(4, 5000, 1000, 20, 1000);
        Throughput t =
                new Throughput(
                        20_000,
                        1.0,
                        new Phase(10, 10, 8, 8, 100, 20_000),
                        new Phase(20, 40, 16, 32, 100, 20_000),
                        true,
                        0.1);
        long[] committed = {400_000_000L, 900_000_000L};
        long[] uncommitted = {4_000_000L, 9_000_000L};
        Latency l =
                new Latency(20_000, committed, committed, uncommitted, uncommitted, 20, 0.1, true);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            KafkaBenchReport.print(o, p, t);
            KafkaBenchReport.print(o, p, l);
        }
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("ratio Kafka / collection: 0.50 from the first output")
                .contains("0.50 incl. job start, 0.25 per CPU-second")
                .contains("collection job 400.0 us CPU from the first output")
                .contains("plain loop 80.0 per CPU-second")
                .contains("checkpoint every 1,000 ms")
                .contains("kept up with the pace")
                .contains("ratio committed / uncommitted p50 (order)")
                .contains("100.0");
    }
}
