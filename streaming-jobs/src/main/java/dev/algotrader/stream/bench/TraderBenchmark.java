package dev.algotrader.stream.bench;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.trading.SimulationClock;
import dev.algotrader.core.trading.StepResult;
import dev.algotrader.core.trading.TradingKernel;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.stream.TraderJob;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code make bench} for the trader. (1) Replay throughput in bars/s of the whole Flink job
 * (features + champion scoring + strategy/risk/fill kernel, paper broker, parallelism 2, embedded
 * MiniCluster, job start-up included) next to a plain single-threaded loop over the same core code
 * and bars. (2) Latency from a bar entering the source to the order (and to the position, which
 * every bar produces) at a fixed input rate, p50/p99, next to the per-bar time of the plain loop.
 *
 * <p>Arguments: {@code [symbols=8] [barsPerSymbol=25000] [rate=2000]}. Prints one line per figure.
 */
public final class TraderBenchmark {

    /**
     * Bar entry time (nanoTime) by symbol|ts, for the latency run (same JVM as the MiniCluster).
     */
    static final Map<String, Long> EMITTED = new ConcurrentHashMap<>();

    static final ConcurrentLinkedQueue<Long> ORDER_LATENCY = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<Long> POSITION_LATENCY = new ConcurrentLinkedQueue<>();

    private TraderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perSymbol = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        Path tmp = Files.createTempDirectory("trader-bench");
        AppConfig cfg =
                AppConfig.withOverrides(
                        String.join(
                                "\n",
                                "algotrader.events-file = \"" + tmp.resolve("events.jsonl") + "\"",
                                "algotrader.trader.control-file = \""
                                        + tmp.resolve("control.json")
                                        + "\"",
                                "algotrader.backtest.strategy = \"model\"",
                                "algotrader.strategy.params.model.model-version = \"1\"",
                                "algotrader.strategy.risk.max-orders-per-window = 1000000",
                                "algotrader.trader.symbols = [" + symbolList(symbols) + "]"));
        TraderSettings s =
                TraderRunner.settings(cfg, false)
                        .withInitialChampion(new ModelRef("bench-model", "1", "mem"));
        List<Bar> bars = generate(symbols, perSymbol, 7);

        // plain loop: the same core code, one thread, no Flink
        long[] perBar = new long[bars.size()];
        long t0 = System.nanoTime();
        long loopOrders = plainLoop(s, bars, perBar);
        double loopSecs = (System.nanoTime() - t0) / 1e9;
        double loopRate = bars.size() / loopSecs;

        // Flink replay, as fast as possible
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        TraderJob.Outputs out =
                TraderJob.build(
                        env, env.fromData(bars), s, new BenchChampion(), BrokerFactory.paper(1e4));
        out.orders().sinkTo(new CountSink<>());
        out.positions().sinkTo(new CountSink<>());
        long t1 = System.nanoTime();
        env.execute("trader-bench-throughput");
        double flinkSecs = (System.nanoTime() - t1) / 1e9;
        double flinkRate = bars.size() / flinkSecs;

        System.out.printf(
                "trader replay: %,d bars (%d symbols), features+scoring+risk+fills%n",
                bars.size(), symbols);
        System.out.printf(
                "  plain loop (1 thread)        %,12.0f bars/s  (%,d orders)%n",
                loopRate, loopOrders);
        System.out.printf(
                "  Flink job (p=2, MiniCluster) %,12.0f bars/s  (%.1f s incl. job start)%n",
                flinkRate, flinkSecs);
        System.out.printf("  ratio Flink / plain loop     %12.2f%n", flinkRate / loopRate);

        // latency at a fixed input rate
        int n = Math.min(bars.size(), rate * 15);
        List<Bar> paced = new ArrayList<>(bars.subList(0, n));
        StreamExecutionEnvironment env2 = StreamExecutionEnvironment.createLocalEnvironment(2);
        // a live trader flushes every record instead of filling network buffers (100 ms default)
        env2.setBufferTimeout(0);
        GeneratorFunction<Long, Bar> fn =
                i -> {
                    Bar b = paced.get(i.intValue());
                    EMITTED.put(b.symbol() + "|" + b.ts(), System.nanoTime());
                    return b;
                };
        DataStream<Bar> src =
                env2.fromSource(
                                new DataGeneratorSource<>(
                                        fn,
                                        n,
                                        RateLimiterStrategy.perSecond(rate),
                                        TypeInformation.of(Bar.class)),
                                WatermarkStrategy.noWatermarks(),
                                "paced-bars")
                        .setParallelism(1);
        TraderJob.Outputs o2 =
                TraderJob.build(
                        env2,
                        src,
                        s.withLowLatency(true),
                        new BenchChampion(),
                        BrokerFactory.paper(1e4));
        o2.orders().sinkTo(new LatencySink<>(true));
        o2.positions().sinkTo(new LatencySink<>(false));
        env2.execute("trader-bench-latency");
        long[] loopSorted = perBar.clone();
        Arrays.sort(loopSorted);
        System.out.printf(
                "trader latency at %,d bars/s (%,d bars): bar enters source -> output%n", rate, n);
        printLatency("  Flink bar -> order   ", ORDER_LATENCY);
        printLatency("  Flink bar -> position", POSITION_LATENCY);
        System.out.printf("  (emitted %,d bars)%n", EMITTED.size());
        System.out.printf(
                "  plain loop per bar      p50 %8.3f ms  p99 %8.3f ms%n",
                loopSorted[loopSorted.length / 2] / 1e6,
                loopSorted[(int) (loopSorted.length * 0.99)] / 1e6);
        double p50 = percentile(POSITION_LATENCY, 0.5);
        System.out.printf(
                "  ratio Flink p50 (position) / plain-loop p50 %10.1f%n",
                p50 / Math.max(1, loopSorted[loopSorted.length / 2]));
        System.exit(0);
    }

    static long plainLoop(TraderSettings s, List<Bar> bars, long[] perBar) {
        Map<String, FeatureEngine> engines = new HashMap<>();
        Map<String, TradingKernel> kernels = new HashMap<>();
        Map<String, Long> prev = new HashMap<>();
        SimulationClock clock = new SimulationClock();
        Scorer scorer = new BenchScorer();
        long interval = 60_000;
        long orders = 0;
        for (int i = 0; i < bars.size(); i++) {
            long t = System.nanoTime();
            Bar b = bars.get(i);
            clock.set(b.closeTime());
            FeatureEngine e =
                    engines.computeIfAbsent(
                            b.symbol(), k -> FeatureEngine.create(s.featureSet(), k, s.interval()));
            FeatureRow row = e.update(b);
            OptionalDouble p =
                    row.warm()
                            ? OptionalDouble.of(scorer.probabilityUp(List.of(row)))
                            : OptionalDouble.empty();
            TradingKernel k =
                    kernels.computeIfAbsent(
                            b.symbol(), sym -> new TradingKernel(s.kernelFor(sym, "1"), clock));
            Long pv = prev.put(b.symbol(), b.ts());
            StepResult r = k.onBar(b, p, pv != null && b.ts() - pv > interval);
            orders += r.orders().size();
            perBar[i] = System.nanoTime() - t;
        }
        return orders;
    }

    static List<Bar> generate(int symbols, int perSymbol, long seed) {
        List<Bar> out = new ArrayList<>(symbols * perSymbol);
        double[] price = new double[symbols];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int s = 0; s < symbols; s++) price[s] = 100 + rnd.nextDouble() * 1000;
        long start = 1_704_067_200_000L;
        for (int i = 0; i < perSymbol; i++) {
            for (int s = 0; s < symbols; s++) {
                double open = price[s];
                double close = open * Math.exp((rnd.nextDouble() - 0.5) * 0.004);
                double hi = Math.max(open, close) * (1 + rnd.nextDouble() * 0.001);
                double lo = Math.min(open, close) * (1 - rnd.nextDouble() * 0.001);
                out.add(
                        new Bar(
                                String.format("SYM%02d/USD", s),
                                "1m",
                                start + i * 60_000L,
                                open,
                                hi,
                                lo,
                                close,
                                1 + rnd.nextDouble() * 20));
                price[s] = close;
            }
        }
        return out;
    }

    private static String symbolList(int n) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < n; s++) {
            b.append(s == 0 ? "" : ",")
                    .append('"')
                    .append(String.format("SYM%02d/USD", s))
                    .append('"');
        }
        return b.toString();
    }

    private static double percentile(ConcurrentLinkedQueue<Long> q, double p) {
        long[] v = q.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[Math.min(v.length - 1, (int) (v.length * p))];
    }

    private static void printLatency(String label, ConcurrentLinkedQueue<Long> q) {
        System.out.printf(
                "%s p50 %8.3f ms  p99 %8.3f ms  (%,d samples)%n",
                label, percentile(q, 0.5) / 1e6, percentile(q, 0.99) / 1e6, q.size());
    }

    /** Logistic score on RSI and MACD histogram: cheap, deterministic, trades often enough. */
    static final class BenchScorer implements Scorer {
        @Override
        public String modelName() {
            return "bench-model";
        }

        @Override
        public String modelVersion() {
            return "1";
        }

        @Override
        public FeatureSetSpec featureSet() {
            return FeatureSetSpec.DEFAULT;
        }

        @Override
        public double probabilityUp(List<FeatureRow> window) {
            double[] v = window.get(window.size() - 1).values();
            return 1 / (1 + Math.exp(-((v[3] - 50) / 10 + 50 * v[6])));
        }
    }

    static final class BenchChampion implements ChampionSource {
        @Override
        public Optional<ModelRef> champion() {
            return Optional.of(new ModelRef("bench-model", "1", "mem"));
        }

        @Override
        public Scorer load(ModelRef ref) {
            return new BenchScorer();
        }
    }

    static final class CountSink<T> implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext c) {
            return new SinkWriter<>() {
                long n;

                @Override
                public void write(T e, Context ctx) {
                    n++;
                }

                @Override
                public void flush(boolean end) {}

                @Override
                public void close() {}
            };
        }
    }

    static final class LatencySink<T> implements Sink<T> {
        private final boolean orders;

        LatencySink(boolean orders) {
            this.orders = orders;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext c) {
            return new SinkWriter<>() {
                @Override
                public void write(T e, Context ctx) {
                    long now = System.nanoTime();
                    String key;
                    if (e instanceof Order o) {
                        key = o.symbol() + "|" + (o.decisionTs() - 60_000);
                    } else {
                        Position p = (Position) e;
                        key = p.symbol() + "|" + (p.ts() - 60_000);
                    }
                    Long t = EMITTED.get(key);
                    if (t != null) (orders ? ORDER_LATENCY : POSITION_LATENCY).add(now - t);
                }

                @Override
                public void flush(boolean end) {}

                @Override
                public void close() {}
            };
        }
    }
}
