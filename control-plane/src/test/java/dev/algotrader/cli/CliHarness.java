package dev.algotrader.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in-process against a temporary data root: writes a {@code --config} file pointing
 * {@code data-root} and {@code events-file} into {@code root}, plus any extra HOCON.
 */
public final class CliHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path configFile;
    private final Clock clock;
    private final Map<String, String> env;
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    public CliHarness(Path root, String extraHocon, Clock clock, Map<String, String> env) {
        this.root = root;
        this.clock = clock;
        this.env = env;
        this.configFile = root.resolve("test.conf");
        String hocon =
                "algotrader.data-root = \""
                        + root.resolve("data")
                        + "\"\nalgotrader.events-file = \""
                        + eventsFile()
                        + "\"\nalgotrader.reports-dir = \""
                        + root.resolve("data/reports")
                        + "\"\nalgotrader.research.mlflow.local-dir = \""
                        + root.resolve("mlruns")
                        + "\"\nalgotrader.trader.champion.registry = \""
                        + root.resolve("mlruns")
                        + "\"\nalgotrader.trader.bars = \""
                        + root.resolve("data/trader/inbox")
                        + "\"\nalgotrader.trader.out-dir = \""
                        + root.resolve("data/trader/out")
                        + "\"\nalgotrader.trader.state-dir = \""
                        + root.resolve("data/trader/state")
                        + "\"\nalgotrader.trader.control-file = \""
                        + root.resolve("data/trader/control.json")
                        + "\"\nalgotrader.control.flink.deployment-file = \""
                        + root.resolve("data/trader/cluster.json")
                        + "\"\n"
                        + (extraHocon == null ? "" : extraHocon);
        try {
            Files.writeString(configFile, hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CliHarness(Path root) {
        this(root, "", Clock.systemUTC(), Map.of());
    }

    public Path root() {
        return root;
    }

    public Path eventsFile() {
        return root.resolve("data/events.jsonl");
    }

    /** Runs {@code algo-trader --config <temp conf> args...}; returns the exit code. */
    public int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>();
        all.add("--config");
        all.add(configFile.toString());
        all.addAll(List.of(args));
        return Main.execute(
                all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                clock,
                env);
    }

    /** Runs without the temp --config (for tests of config errors). */
    public int runRaw(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return Main.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                clock,
                env);
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The audit log as parsed JSON lines. */
    public List<JsonNode> events() {
        List<JsonNode> list = new ArrayList<>();
        if (!Files.exists(eventsFile())) return list;
        try {
            for (String l : Files.readAllLines(eventsFile())) {
                if (!l.isBlank()) list.add(JSON.readTree(l));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return list;
    }

    public List<String> eventTypes() {
        return events().stream().map(e -> e.path("event").asText()).toList();
    }
}
