package dev.algotrader.cli.commands;

import dev.algotrader.cli.CliContext;
import dev.algotrader.cli.Main;
import dev.algotrader.cli.UserError;
import dev.algotrader.kafka.broker.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: runs the benchmark main classes of the modules, each in its own JVM (its own heap
 * and Spark session), and prints their figures; each benchmark reports its throughput as a ratio
 * against a baseline it measures in the same run.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Run the throughput benchmarks (each prints its figures and the ratio to a baseline"
                        + " measured in the same run).")
public final class BenchCommand implements Callable<Integer> {

    /** Benchmark mains in this build, by short name, with their default arguments. */
    static final Map<String, String> BENCHES = new LinkedHashMap<>();

    /** Arguments used when no --args is given (small enough for make bench on 2 cores). */
    static final Map<String, String> DEFAULT_ARGS = new LinkedHashMap<>();

    /** Benchmarks that get an embedded broker (started here, its address as a system property). */
    static final Set<String> ON_KAFKA = new HashSet<>();

    static {
        // Spark features job over >= 1M synthetic bars vs the core engine in a plain loop
        BENCHES.put("FeatureBench", "dev.algotrader.batch.bench.FeatureBench");
        // kernel: SMA(10/30) vs a raw SMA loop, model strategy vs a return-summing loop (1M x 10)
        BENCHES.put("EngineBench", "dev.algotrader.core.bench.EngineBench");
        // SMA sweep on the core path, 2 threads (5,000 pairs x 1M bars), Spark cross-check
        BENCHES.put("SweepBench", "dev.algotrader.batch.sweep.SweepBench");
        // RF/GBT training and Spark transform vs the portable scorer (small: 200k rows)
        BENCHES.put("ResearchBench", "dev.algotrader.ml.bench.ResearchBench");
        DEFAULT_ARGS.put("ResearchBench", "200000 100000");
        // Flink trader replay (p=2) vs a plain loop of the same core code, and latency
        BENCHES.put("TraderBenchmark", "dev.algotrader.stream.bench.TraderBenchmark");
        DEFAULT_ARGS.put("TraderBenchmark", "4 10000 2000");
        // the trader on Kafka (read_committed -> EXACTLY_ONCE) vs a collection source, p=2, and
        // p50/p99 bar -> order latency at 1,000 bars/s (checkpoint every 1 s); needs a broker
        BENCHES.put("KafkaTraderBench", "dev.algotrader.stream.bench.KafkaTraderBench");
        DEFAULT_ARGS.put("KafkaTraderBench", "4 5000 1000 20 1000");
        ON_KAFKA.add("KafkaTraderBench");
    }

    @Option(names = "--only", paramLabel = "NAME", description = "Run only these benchmarks.")
    List<String> only;

    @Option(
            names = "--args",
            paramLabel = "NAME=ARGS",
            description = "Arguments for one benchmark, e.g. FeatureBench='10 1000'.")
    Map<String, String> args = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        CliContext ctx = Main.currentContext();
        List<String> names = only == null ? List.copyOf(BENCHES.keySet()) : only;
        for (String n : names) {
            if (!BENCHES.containsKey(n)) {
                throw new UserError(
                        "unknown benchmark '"
                                + n
                                + "': known are "
                                + String.join(", ", BENCHES.keySet()));
            }
        }
        int failed = 0;
        for (String n : names) {
            ctx.out().println("== " + n);
            int code;
            if (ON_KAFKA.contains(n)) {
                Path dir = Files.createTempDirectory("algo-trader-bench-kafka");
                try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 2)) {
                    code =
                            runBench(
                                    ctx,
                                    n,
                                    List.of(
                                            "-Dalgotrader.bench.kafka-bootstrap="
                                                    + broker.bootstrapServers()));
                } finally {
                    deleteTree(dir);
                }
            } else {
                code = runBench(ctx, n, List.of());
            }
            if (code != 0) {
                ctx.err().println(n + " failed with exit code " + code);
                failed++;
            }
        }
        ctx.events()
                .append(
                        "orchestrator",
                        "bench.done",
                        "-",
                        Map.of("benches", names, "failed", failed));
        return failed == 0 ? 0 : Main.EXIT_FAILURE;
    }

    /** Runs benchmark {@code n} in its own JVM, its figures to our output; its exit code. */
    private int runBench(CliContext ctx, String n, List<String> props) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + System.getProperty("algotrader.bench.heap", "4g"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")
                    || a.startsWith("-Dalgotrader.")
                    || a.startsWith("-Djdk.reflect")) {
                cmd.add(a);
            }
        }
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BENCHES.get(n));
        String a = args.getOrDefault(n, DEFAULT_ARGS.get(n));
        if (a != null && !a.isBlank()) cmd.addAll(List.of(a.trim().split("\\s+")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                // the benchmarks print their figures on stdout; Spark's log lines go to the log
                if (!line.matches(
                        "^\\d\\d/\\d\\d/\\d\\d .*|^\\d{4}-\\d\\d-\\d\\d.*(INFO|WARN).*")) {
                    ctx.out().println(line);
                }
            }
        }
        return p.waitFor();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
