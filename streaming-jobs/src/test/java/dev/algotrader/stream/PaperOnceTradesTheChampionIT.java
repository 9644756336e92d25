package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Event;
import dev.algotrader.stream.bars.BarFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trader.strategy = champion} (the default): with a champion in the registry, {@code
 * paper-once} trades it (the {@code model} strategy on its scores, the same orders as an explicit
 * {@code --strategy model}); a baseline only by explicit choice; without a champion the configured
 * strategy. Event {@code trader.strategy.chosen} says which and why each time.
 */
class PaperOnceTradesTheChampionIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    @Test
    void theChampionIsTradedByDefaultAndABaselineOnlyByExplicitChoice() throws Exception {
        ChampionLoaderIT fixture = new ChampionLoaderIT();
        fixture.tmp = tmp;
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 1500);
        BarFiles.writeJsonl(tmp.resolve("inbox/bars.jsonl"), bars);
        Path registry = fixture.registry();
        TraderRunner.Options withLoader =
                TraderRunner.Options.defaults()
                        .withChampionLoader(new ChampionLoaderIT.WindowLoader());

        // default: the champion
        Path byDefault = tmp.resolve("default");
        TraderRunner.paperOnce(config(fixture, byDefault, registry), withLoader);
        Event chosen = chosen(byDefault);
        assertThat(chosen.details())
                .containsEntry("requested", "champion")
                .containsEntry("strategy", "model")
                .containsEntry("model", ChampionLoaderIT.NAME + " v3");
        List<String> championOrders = orderIds(byDefault);
        assertThat(championOrders).isNotEmpty().allMatch(id -> id.startsWith("model-"));

        // the same orders as the model strategy chosen explicitly
        Path explicitModel = tmp.resolve("model");
        TraderRunner.paperOnce(
                config(fixture, explicitModel, registry), withLoader.withStrategy("model"));
        assertThat(chosen(explicitModel).details()).containsEntry("reason", "chosen explicitly");
        assertThat(orderIds(explicitModel)).isEqualTo(championOrders);

        // a baseline only by explicit choice, though the champion is there (and still scored)
        Path baseline = tmp.resolve("baseline");
        TraderRunner.paperOnce(
                config(fixture, baseline, registry), withLoader.withStrategy("sma-cross"));
        assertThat(chosen(baseline).details())
                .containsEntry("requested", "sma-cross")
                .containsEntry("strategy", "sma-cross");
        assertThat(orderIds(baseline)).isNotEmpty().allMatch(id -> id.startsWith("sma-cross-"));
        assertThat(ChampionLoaderIT.rows(baseline, "signals")).isNotEmpty();

        // no champion: the configured strategy
        Path none = tmp.resolve("none");
        TraderRunner.paperOnce(config(fixture, none, ""), withLoader);
        assertThat(chosen(none).details())
                .containsEntry("requested", "champion")
                .containsEntry("strategy", "sma-cross")
                .containsEntry("model", "none");
        assertThat(chosen(none).details().get("reason").toString())
                .contains("algotrader.backtest.strategy");
        // the same decisions (the ids differ: they carry the model version the kernel ran with)
        assertThat(orderIds(none))
                .hasSameSizeAs(orderIds(baseline))
                .allMatch(id -> id.startsWith("sma-cross-"));
    }

    /** {@link ChampionLoaderIT}'s trader with the sma-cross baseline as configured strategy. */
    private static AppConfig config(ChampionLoaderIT fixture, Path dir, Object registry) {
        return AppConfig.withOverrides(
                String.join(
                        "\n",
                        "algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + fixture.tmp.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"" + registry + "\"",
                        "algotrader.trader.champion.model-name = \"" + ChampionLoaderIT.NAME + "\"",
                        "algotrader.backtest.strategy = \"sma-cross\""));
    }

    private static Event chosen(Path dir) {
        List<Event> ev =
                ChampionLoaderIT.events(dir).stream()
                        .filter(e -> e.event().equals("trader.strategy.chosen"))
                        .toList();
        assertThat(ev).hasSize(1);
        return ev.get(0);
    }

    private static List<String> orderIds(Path dir) throws Exception {
        return ChampionLoaderIT.rows(dir, "orders").stream()
                .map(n -> n.path("client_order_id").asText())
                .sorted()
                .toList();
    }
}
