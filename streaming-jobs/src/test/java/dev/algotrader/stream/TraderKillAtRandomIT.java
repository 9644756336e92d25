package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.sink.TraderOutputs;
import dev.algotrader.stream.trade.SymbolState;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} at random points of {@code paper-once}: the trader runs in a child JVM ({@link
 * TraderLauncher}, embedded MiniCluster) over a growing bar export; each round the child is killed
 * (SIGKILL) at a seeded random point — during start-up, while its Flink job writes, right after an
 * order reached the broker — and then run again to completion with no manual step. Afterwards the
 * outputs, merged as the control plane merges them (latest row per client order id), hold every
 * client order id of an uninterrupted run exactly once, with the same rows; against the fake Alpaca
 * every id was POSTed once and what is open there is exactly what the trader still works.
 */
class TraderKillAtRandomIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long SEED = 17L;
    static final int PAPER_ROUNDS = 6;
    static final int ALPACA_ROUNDS = 4; // 10 kills in total
    static final int BARS_PER_ROUND = 100;
    static final String KEY = "PKKILLTESTKEY0001";
    static final String SECRET = "killTestSecret0123456789";

    /** Kept after the run (target/kill-at-random/) for a look at the children's logs. */
    Path tmp;

    @org.junit.jupiter.api.BeforeEach
    void cleanDir(org.junit.jupiter.api.TestInfo info) throws Exception {
        Path classes =
                Path.of(
                        TraderKillAtRandomIT.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        tmp =
                classes.getParent()
                        .resolve("kill-at-random")
                        .resolve(info.getTestMethod().orElseThrow().getName())
                        .toAbsolutePath();
        dev.algotrader.fixtures.TempDirs.deleteTree(tmp);
        Files.createDirectories(tmp);
    }

    @Test
    void paperBrokerRerunsAfterEveryKill() throws Exception {
        roundsOfKills("paper", null);
    }

    @Test
    void fakeAlpacaRerunsAfterEveryKillAndAdoptsItsOwnOrders() throws Exception {
        try (FakeAlpaca killed = new FakeAlpaca();
                FakeAlpaca reference = new FakeAlpaca()) {
            Stats st = roundsOfKills("alpaca", new FakeAlpaca[] {killed, reference});
            // every id the trader sent reached the broker once, whatever the kills
            assertThat(killed.acceptedPosts).isNotEmpty();
            killed.acceptedPosts.forEach(
                    (id, n) -> assertThat(n.get()).as("POSTs of " + id).isEqualTo(1));
            assertThat(new TreeSet<>(killed.acceptedPosts.keySet()))
                    .isEqualTo(new TreeSet<>(reference.acceptedPosts.keySet()));
            // what is open at the broker is what the kernel still works
            assertThat(openAt(killed)).isEqualTo(working(tmp.resolve("alpaca-killed")));
            assertThat(openAt(killed)).isEqualTo(openAt(reference));
            // the reruns found orders the killed runs had sent, by their ids, and sent them not
            // again
            Path killedDir = tmp.resolve("alpaca-killed");
            assertThat(count(killedDir, "order.already_submitted")).isPositive();
            System.out.println(
                    "alpaca: "
                            + count(killedDir, "order.already_submitted")
                            + " orders of killed runs found again by id, "
                            + st.adopted
                            + " open order(s) adopted at start-up");
        }
    }

    record Stats(int kills, int killedWhileWriting, int recoveredFiles, int adopted) {}

    Stats roundsOfKills(String broker, FakeAlpaca[] fakes) throws Exception {
        long started = System.nanoTime();
        boolean paper = fakes == null;
        int rounds = paper ? PAPER_ROUNDS : ALPACA_ROUNDS;
        List<Bar> all = SampleData.btcMinuteBars().subList(0, rounds * BARS_PER_ROUND);
        Path ref = tmp.resolve(broker + "-reference");
        Path dir = tmp.resolve(broker + "-killed");
        String url = paper ? null : fakes[0].baseUrl();
        Random random = new Random(SEED + broker.hashCode());
        int writing = 0;
        for (int round = 1; round <= rounds; round++) {
            BarFiles.writeJsonl(
                    dir.resolve("inbox/bars.jsonl"), all.subList(0, round * BARS_PER_ROUND));
            FakeAlpaca fake = paper ? null : fakes[0];
            KillPoint point = (paper ? PAPER_KILLS : ALPACA_KILLS).get(round - 1);
            Child killed = run(dir, broker, url, point, random, fake);
            if (killed.whileWriting) writing++;
            // the rerun: nothing but paper-once again
            Child rerun = paper ? inProcess(dir) : run(dir, broker, url, null, random, null);
            assertThat(rerun.exitCode)
                    .as("rerun after kill %d (%s): %s", round, broker, rerun.output)
                    .isZero();
        }
        // the reference: one uninterrupted run over the same bars
        BarFiles.writeJsonl(ref.resolve("inbox/bars.jsonl"), all);
        Child reference =
                paper ? inProcess(ref) : run(ref, broker, fakes[1].baseUrl(), null, random, null);
        assertThat(reference.exitCode).as("reference run: %s", reference.output).isZero();
        Map<String, JsonNode> want = latestOrders(ref);
        Map<String, JsonNode> got = latestOrders(dir);
        assertThat(want).as("the sample slice trades").isNotEmpty();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        assertThat(got).isEqualTo(want);
        for (String table : List.of("fills", "positions", "equity")) {
            assertThat(distinctRows(dir, table)).as(table).isEqualTo(distinctRows(ref, table));
        }
        assertThat(leftInProgress(dir)).as("no .inprogress file left").isEmpty();
        int recovered = count(dir, "trader.output.recovered");
        int adopted = adoptedCount(dir);
        System.out.printf(
                "%s: %d kills (%d while the Flink job was writing), %d interrupted files"
                        + " recovered, %d orders, %.1f s%n",
                broker,
                rounds,
                writing,
                recovered,
                got.size(),
                (System.nanoTime() - started) / 1e9);
        assertThat(writing).as("kills during the Flink phase").isGreaterThan(0);
        return new Stats(rounds, writing, recovered, adopted);
    }

    record Child(int exitCode, boolean whileWriting, String output) {}

    /** {@code paper-once} in this JVM (the paper broker needs no keys from the environment). */
    Child inProcess(Path dir) throws Exception {
        Files.createDirectories(dir);
        AppConfig cfg = AppConfig.withOverrides(config(dir, null));
        TraderRunner.paperOnce(cfg, TraderRunner.Options.defaults());
        return new Child(0, false, "");
    }

    /** Where a round's kill lands. */
    enum KillPoint {
        /** 0.2–3 s after the JVM started (start-up, reconciliation, often before the job). */
        STARTUP,
        /** 0–1.5 s after the Flink job opened its output files. */
        JOB_OPENED,
        /** 0–0.5 s after the first rows reached the orders file (a checkpoint flushed them). */
        ROWS_WRITTEN,
        /** right after the 1st–3rd order of the round reached the fake Alpaca. */
        AFTER_POST
    }

    static final List<KillPoint> PAPER_KILLS =
            List.of(
                    KillPoint.JOB_OPENED,
                    KillPoint.ROWS_WRITTEN,
                    KillPoint.STARTUP,
                    KillPoint.ROWS_WRITTEN,
                    KillPoint.JOB_OPENED,
                    KillPoint.ROWS_WRITTEN);

    static final List<KillPoint> ALPACA_KILLS =
            List.of(
                    KillPoint.AFTER_POST,
                    KillPoint.ROWS_WRITTEN,
                    KillPoint.AFTER_POST,
                    KillPoint.STARTUP);

    /**
     * Runs {@code paper-once} in a child JVM ({@link TraderLauncher}); {@code kill} non-null:
     * SIGKILL it at that point, with a seeded random delay or order count.
     */
    Child run(Path dir, String broker, String url, KillPoint kill, Random random, FakeAlpaca fake)
            throws Exception {
        Path conf = dir.resolve("trader.conf");
        Files.createDirectories(dir);
        Files.writeString(conf, config(dir, url));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TraderLauncher.class.getName());
        cmd.addAll(List.of("paper-once", "--config", conf.toString(), "--broker", broker));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("APCA_API_KEY_ID", KEY);
        pb.environment().put("APCA_API_SECRET_KEY", SECRET);
        pb.environment().remove("ALGOTRADER_CONF_DIR");
        File log = dir.resolve("child.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process p = pb.start();
        boolean writing = false;
        if (kill != null) {
            switch (kill) {
                case STARTUP -> Thread.sleep(200 + random.nextInt(2800));
                case JOB_OPENED -> {
                    while (p.isAlive() && leftInProgress(dir).isEmpty()) Thread.sleep(10);
                    Thread.sleep(random.nextInt(1500));
                }
                case ROWS_WRITTEN -> {
                    while (p.isAlive() && !rowsWritten(dir)) Thread.sleep(5);
                    Thread.sleep(random.nextInt(500));
                }
                case AFTER_POST -> {
                    int before = fake.acceptedPosts.size();
                    int nth = 1 + random.nextInt(3);
                    while (p.isAlive() && fake.acceptedPosts.size() < before + nth) {
                        Thread.sleep(1);
                    }
                }
            }
            writing = !leftInProgress(dir).isEmpty();
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            p.waitFor(30, TimeUnit.SECONDS);
            return new Child(-9, writing && p.exitValue() != 0, tail(log.toPath()));
        }
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("paper-once finished").isTrue();
        return new Child(p.exitValue(), false, tail(log.toPath()));
    }

    static String config(Path dir, String alpacaUrl) {
        List<String> c = new ArrayList<>();
        c.add("algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"");
        c.add("algotrader.trader.bars = \"" + dir.resolve("inbox") + "\"");
        c.add("algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"");
        c.add("algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"");
        c.add("algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"");
        c.add("algotrader.trader.champion.registry = \"\"");
        c.add("algotrader.trader.checkpoint-interval = 300ms");
        // about 150 bars/s: a round's job runs long enough to be killed while it writes
        c.add("algotrader.trader.replay-speed = 9000");
        c.add("algotrader.backtest.strategy = \"sma-cross\"");
        c.add("algotrader.backtest.strategies.sma-cross.fast = 5");
        c.add("algotrader.backtest.strategies.sma-cross.slow = 20");
        c.add("algotrader.backtest.orders.stop-loss = 0.01");
        c.add("algotrader.backtest.orders.take-profit = 0.01");
        if (alpacaUrl != null) {
            c.add("algotrader.trader.alpaca.paper-url = \"" + alpacaUrl + "\"");
            c.add("algotrader.trader.alpaca.max-retries = 2");
            c.add("algotrader.trader.alpaca.initial-backoff = 10ms");
            c.add("algotrader.trader.alpaca.timeout = 5s");
        }
        return String.join("\n", c) + "\n";
    }

    /** The orders as {@code trading/orders} gets them: the last row per client order id. */
    static Map<String, JsonNode> latestOrders(Path dir) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Path f : finished(dir, "orders")) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                out.put(n.path("client_order_id").asText(), n);
            }
        }
        return out;
    }

    static Set<String> distinctRows(Path dir, String table) throws IOException {
        Set<String> rows = new TreeSet<>();
        for (Path f : finished(dir, table)) {
            for (String line : Files.readAllLines(f)) if (!line.isBlank()) rows.add(line);
        }
        return rows;
    }

    /** Finished part files in name order (a later run's stamp sorts later). */
    static List<Path> finished(Path dir, String table) throws IOException {
        Path d = dir.resolve("out").resolve(table);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(TraderOutputs.DONE)).sorted().toList();
        }
    }

    static boolean rowsWritten(Path dir) throws IOException {
        for (Path p : leftInProgress(dir)) {
            try {
                if (p.getParent().getFileName().toString().equals("orders") && Files.size(p) > 0) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // renamed meanwhile
            }
        }
        return false;
    }

    static List<Path> leftInProgress(Path dir) throws IOException {
        List<Path> left = new ArrayList<>();
        for (String t : TraderOutputs.TABLES) {
            Path d = dir.resolve("out").resolve(t);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(TraderOutputs.IN_PROGRESS)).forEach(left::add);
            } catch (java.nio.file.NoSuchFileException gone) {
                // renamed meanwhile
            }
        }
        return left;
    }

    static Set<String> openAt(FakeAlpaca fake) {
        return fake.orders.entrySet().stream()
                .filter(
                        e ->
                                Set.of("new", "accepted", "partially_filled")
                                        .contains(e.getValue().get("status").asText()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> working(Path dir) {
        Set<String> ids = new TreeSet<>();
        SymbolState.readAll(dir.resolve("state"))
                .values()
                .forEach(s -> ids.addAll(s.openClientOrderIds()));
        return ids;
    }

    static int count(Path dir, String event) throws IOException {
        return (int)
                events(dir).stream().filter(e -> e.path("event").asText().equals(event)).count();
    }

    static int adoptedCount(Path dir) throws IOException {
        int n = 0;
        for (JsonNode e : events(dir)) {
            String a = e.path("details").path("adopted").asText("");
            if (!a.isEmpty()) n += a.split(",").length;
        }
        return n;
    }

    static List<JsonNode> events(Path dir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path f = dir.resolve("events.jsonl");
        if (!Files.exists(f)) return out;
        for (String line : Files.readAllLines(f)) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException torn) {
                // a line the killed JVM did not finish
            }
        }
        return out;
    }

    static String tail(Path log) throws IOException {
        List<String> l = Files.readAllLines(log);
        return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
    }
}
