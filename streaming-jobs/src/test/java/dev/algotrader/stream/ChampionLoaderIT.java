package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.model.ChampionLoader;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The champion loader is pluggable: a registry version that is not a tree model (no {@code
 * model/portable.json}; here a windowed "sequence" scorer over the last 5 feature rows) is refused
 * by the default loader of the {@code flink run} jar, and scored bar by bar when the caller injects
 * a loader that knows the type (what the control plane does with ml-jobs' {@code RegistryScorers}).
 */
class ChampionLoaderIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NAME = "btc-usd_1m_seq";

    @TempDir Path tmp;

    /** A deterministic windowed scorer: logistic of the mean of feature 0 over its window. */
    record WindowScorer(String version) implements Scorer {
        @Override
        public String modelName() {
            return NAME;
        }

        @Override
        public String modelVersion() {
            return version;
        }

        @Override
        public FeatureSetSpec featureSet() {
            return FeatureSetSpec.DEFAULT;
        }

        @Override
        public int window() {
            return 5;
        }

        @Override
        public double probabilityUp(List<FeatureRow> window) {
            if (window.size() != 5) throw new IllegalArgumentException("needs 5 rows");
            double m = 0;
            for (FeatureRow r : window) m += r.values()[0];
            return 1 / (1 + Math.exp(-200 * m / 5));
        }
    }

    /** What a caller injects: it knows this registry's non-tree model type. */
    static final class WindowLoader implements ChampionLoader {
        @Override
        public Scorer load(ModelRef ref) {
            return new WindowScorer(ref.version());
        }
    }

    Path registry() throws Exception {
        Path models = tmp.resolve("mlruns/models/" + NAME);
        Files.createDirectories(models.resolve("aliases"));
        Files.createDirectories(models.resolve("version-3"));
        Files.writeString(models.resolve("aliases/champion"), "3");
        Files.writeString(
                models.resolve("version-3/meta.yaml"),
                "name: " + NAME + "\nrun_id: seqrun3\nversion: 3\n");
        // the run has a sequence model's artifacts, no portable tree
        Path run = tmp.resolve("mlruns/1/seqrun3/artifacts/model");
        Files.createDirectories(run);
        Files.writeString(run.resolve("sequence-model.json"), "{\"architecture\":\"lstm\"}");
        return tmp.resolve("mlruns");
    }

    AppConfig config(Path dir, Path registry) {
        return AppConfig.withOverrides(
                String.join(
                        "\n",
                        "algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + tmp.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"" + registry + "\"",
                        "algotrader.trader.champion.model-name = \"" + NAME + "\"",
                        "algotrader.backtest.strategy = \"model\""));
    }

    @Test
    void aNonTreeChampionIsRefusedByTheDefaultLoaderAndScoredThroughAnInjectedOne()
            throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 400);
        BarFiles.writeJsonl(tmp.resolve("inbox/bars.jsonl"), bars);
        Path registry = registry();

        Path plain = tmp.resolve("plain");
        TraderRunner.paperOnce(config(plain, registry), TraderRunner.Options.defaults());
        List<Event> ev = events(plain);
        assertThat(ev)
                .filteredOn(e -> e.event().equals("model.refused"))
                .isNotEmpty()
                .allSatisfy(
                        e ->
                                assertThat(e.details().get("reason").toString())
                                        .contains("portable.json"));
        assertThat(ev).noneMatch(e -> e.event().equals("model.accepted"));
        assertThat(rows(plain, "signals")).isEmpty();

        Path injected = tmp.resolve("injected");
        TraderRunner.paperOnce(
                config(injected, registry),
                TraderRunner.Options.defaults().withChampionLoader(new WindowLoader()));
        assertThat(events(injected))
                .filteredOn(e -> e.event().equals("model.accepted"))
                .singleElement()
                .satisfies(e -> assertThat(e.details().get("version")).isEqualTo("3"));

        // expected: the same feature engine and window over the bars, scored outside Flink
        FeatureEngine engine = FeatureEngine.create(FeatureSetSpec.DEFAULT, "BTC/USD", "1m");
        WindowScorer scorer = new WindowScorer("3");
        ArrayDeque<FeatureRow> window = new ArrayDeque<>();
        Map<Long, Double> expected = new HashMap<>();
        for (Bar b : bars) {
            FeatureRow r = engine.update(b);
            if (!r.warm()) continue;
            window.addLast(r);
            if (window.size() > 5) window.removeFirst();
            if (window.size() == 5) expected.put(b.ts(), scorer.probabilityUp(List.copyOf(window)));
        }
        assertThat(expected).hasSizeGreaterThan(100);
        Map<Long, Double> scored = new HashMap<>();
        for (JsonNode s : rows(injected, "signals")) {
            assertThat(s.path("model").asText()).isEqualTo(NAME);
            assertThat(s.path("model_version").asText()).isEqualTo("3");
            if (!s.path("probability_up").isNull()) {
                scored.put(s.path("ts").asLong(), s.path("probability_up").asDouble());
            }
        }
        assertThat(scored).isEqualTo(expected);
    }

    static List<Event> events(Path dir) {
        return new EventLog(dir.resolve("events.jsonl"), Clock.systemUTC(), new Secrets(Map.of()))
                .readAll();
    }

    static List<JsonNode> rows(Path dir, String table) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Path d = dir.resolve("out").resolve(table);
        if (!Files.isDirectory(d)) return out;
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
