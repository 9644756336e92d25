package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.cli.CliHarness;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.kafka.broker.EmbeddedKafka;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.kafka.KafkaTrader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paper-run --source kafka} through the CLI on a real broker: its summary counts what the
 * run wrote to the trader topics (it said 0 rows before, since it counted the file path's part
 * files), and it merges no part files.
 */
class PaperRunKafkaSummaryIT {

    @TempDir Path tmp;

    @Test
    void theSummaryCountsTheOrdersAndPositionsOnTheTopics() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 800);
        try (EmbeddedKafka broker = EmbeddedKafka.start(tmp.resolve("broker"), 2)) {
            Path root = Files.createDirectories(tmp.resolve("cli"));
            CliHarness cli =
                    new CliHarness(
                            root,
                            "algotrader.kafka.bootstrap-servers = \""
                                    + broker.bootstrapServers()
                                    + "\"\nalgotrader.trader.checkpoint-interval = 1s\n",
                            Clock.systemUTC(),
                            Map.of());
            KafkaSettings kafka =
                    KafkaSettings.from(AppConfig.defaults())
                            .withBootstrapServers(broker.bootstrapServers());
            assertThat(BarsFeed.publish(kafka, "1m", bars).published()).isEqualTo(800);

            CompletableFuture<Integer> run =
                    CompletableFuture.supplyAsync(
                            () ->
                                    cli.run(
                                            "paper-run",
                                            "--source",
                                            "kafka",
                                            "--strategy",
                                            "sma-cross"));
            String group = KafkaTrader.groupId(kafka, "paper");
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (!consumed(kafka, group) && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(1000);
            }
            new ControlFile(root.resolve("data/trader/control.json"))
                    .write(new ControlState(ControlState.Mode.STOPPED, false, "it", ""));
            assertThat(run.get(3, TimeUnit.MINUTES)).as(cli.err()).isZero();

            Matcher m =
                    Pattern.compile("paper-run: ([\\d,]+) in, ([\\d,]+) out").matcher(cli.out());
            assertThat(m.find()).as(cli.out()).isTrue();
            long positions = Long.parseLong(m.group(1).replace(",", ""));
            long orders = Long.parseLong(m.group(2).replace(",", ""));
            assertThat(positions).as("bars traded (a position row each)").isPositive();
            assertThat(orders).as("orders on trader.orders").isPositive();
            assertThat(cli.out())
                    .contains("Kafka topics trader.*")
                    .doesNotContain("merge the trader's outputs");
        }
    }

    private static boolean consumed(KafkaSettings kafka, String group) {
        Map<String, Object> lag =
                TraderLag.read(kafka, group, Topic.bars("1m"), Duration.ofSeconds(4));
        if (!lag.containsKey("partitions")) return false;
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parts = (List<Map<String, Object>>) lag.get("partitions");
        // every partition with bars has a committed offset at its end (one symbol: one partition)
        return parts.stream().allMatch(p -> p.get("committed") != null || (Long) p.get("end") == 0)
                && Long.valueOf(0).equals(lag.get("total_lag"));
    }
}
