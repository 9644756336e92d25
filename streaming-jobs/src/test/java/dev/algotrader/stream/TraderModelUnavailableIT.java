package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.job.JobSummary;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.bars.BarFiles;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paper-once} with the model registry down (an MLflow URI nothing answers on): a {@code
 * model.unavailable} event and a clear line in every case; {@code refuse} (the default) does not
 * trade, {@code model-free} trades the baselines and says so.
 */
class TraderModelUnavailableIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    AppConfig config(Path dir, String registry, String policy) {
        return AppConfig.withOverrides(
                String.join(
                        "\n",
                        "algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + dir.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"" + registry + "\"",
                        policy == null ? "" : "algotrader.trader.model-unavailable = " + policy,
                        "algotrader.backtest.strategy = \"sma-cross\""));
    }

    static String downRegistry() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://admin:Reg-pw-31337@127.0.0.1:" + s.getLocalPort();
        }
    }

    static List<JsonNode> events(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("events.jsonl"))) {
            out.add(new ObjectMapper().readTree(l));
        }
        return out;
    }

    @Test
    void byDefaultTheTraderRefusesWithAnEventAndALine() throws Exception {
        Path dir = tmp.resolve("refuse");
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 400);
        BarFiles.writeJsonl(dir.resolve("inbox/bars.jsonl"), bars);
        String registry = downRegistry();
        assertThatThrownBy(
                        () ->
                                TraderRunner.paperOnce(
                                        config(dir, registry, null),
                                        TraderRunner.Options.defaults()))
                .isInstanceOf(TraderRunner.TraderError.class)
                .hasMessageStartingWith("cannot read the model registry: cannot reach the MLflow")
                .hasMessageContaining("not trading (algotrader.trader.model-unavailable = refuse)")
                .hasMessageNotContaining("Reg-pw-31337")
                .hasMessageNotContaining("\n");
        JsonNode e =
                events(dir).stream()
                        .filter(x -> x.path("event").asText().equals("model.unavailable"))
                        .findFirst()
                        .orElseThrow();
        assertThat(e.path("details").path("policy").asText()).isEqualTo("refuse");
        assertThat(e.path("details").path("action").asText()).isEqualTo("refuse");
        assertThat(e.toString()).doesNotContain("Reg-pw-31337").contains("http://***@127.0.0.1");
        assertThat(dir.resolve("out/orders")).doesNotExist();
    }

    @Test
    void modelFreeTradesTheBaselinesAndSaysSo() throws Exception {
        Path dir = tmp.resolve("model-free");
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 400);
        BarFiles.writeJsonl(dir.resolve("inbox/bars.jsonl"), bars);
        JobSummary s =
                TraderRunner.paperOnce(
                        config(dir, downRegistry(), "model-free"), TraderRunner.Options.defaults());
        assertThat(s.rowsIn()).isEqualTo(400);
        assertThat(s.details().get("model_unavailable").toString())
                .startsWith("cannot read the model registry")
                .contains("trading without a model")
                .doesNotContain("Reg-pw-31337");
        assertThat(events(dir))
                .extracting(x -> x.path("event").asText())
                .contains("model.unavailable", "trader.run.start", "trader.run.end");
    }
}
