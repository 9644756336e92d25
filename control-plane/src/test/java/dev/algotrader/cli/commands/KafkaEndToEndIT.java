package dev.algotrader.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SparkSessions;
import dev.algotrader.batch.feed.BarsFeed;
import dev.algotrader.batch.trading.TradingSink;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Table;
import dev.algotrader.stream.KafkaTraderJobs;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.BarFiles;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 end to end on a real broker: the same real bars (1,500 of the BTC sample) traded two
 * ways give the same {@code trading/*} rows. File path: paper-once (JSONL inbox → Flink trader →
 * JSONL → MERGE). Kafka path: {@code bars-feed} → {@code bars.1m} → the Flink trader on KafkaSource
 * with EXACTLY_ONCE KafkaSinks (stopped with a savepoint, as {@code trader stop} does) → {@code
 * trader.*} → {@code trading-sink} (Spark Structured Streaming) → Delta.
 */
class KafkaEndToEndIT {

    @TempDir Path tmp;

    static AppConfig config(Path dir, String extra) {
        return AppConfig.withOverrides(
                String.join(
                        "\n",
                        "algotrader.data-root = \"" + dir.resolve("data") + "\"",
                        "algotrader.events-file = \"" + dir.resolve("events.jsonl") + "\"",
                        "algotrader.trader.bars = \"" + dir.resolve("inbox") + "\"",
                        "algotrader.trader.out-dir = \"" + dir.resolve("out") + "\"",
                        "algotrader.trader.state-dir = \"" + dir.resolve("state") + "\"",
                        "algotrader.trader.control-file = \"" + dir.resolve("control.json") + "\"",
                        "algotrader.trader.champion.registry = \"\"",
                        "algotrader.backtest.strategy = \"sma-cross\"",
                        "algotrader.kafka.trading-sink.checkpoint-dir = \""
                                + dir.resolve("sink-checkpoint")
                                + "\"",
                        extra));
    }

    @Test
    void kafkaPathWritesTheSameTradingRowsAsTheFilePath() throws Exception {
        List<Bar> bars = SampleData.btcMinuteBars().subList(0, 1500);

        Path files = tmp.resolve("files");
        AppConfig fileCfg = config(files, "");
        BarFiles.writeJsonl(files.resolve("inbox/bars.jsonl"), bars);
        TraderRunner.paperOnce(fileCfg, TraderRunner.Options.defaults());
        DeltaStore fileStore =
                new DeltaStore(SparkSessions.getOrCreate(fileCfg), fileCfg.dataRoot());
        TradingTables.mergeTraderOutputs(fileStore, files.resolve("out"));

        Path live = tmp.resolve("kafka");
        AppConfig cfg = config(live, SharedKafka.namespace("e2e").config());
        KafkaSettings kafka = KafkaSettings.from(cfg);
        assertThat(BarsFeed.publish(kafka, "1m", bars).published()).isEqualTo(1500);
        assertThat(BarsFeed.publish(kafka, "1m", bars).published())
                .as("a rerun publishes nothing twice")
                .isZero();

        TraderSettings s = TraderRunner.settings(cfg, false);
        JobClient job =
                KafkaTraderJobs.start(
                        new Configuration(),
                        500,
                        kafka,
                        s,
                        BrokerFactory.paper(cfg.area("trader").getDouble("initial-cash")),
                        "kafka trader e2e");
        SharedKafka.awaitConsumed(
                KafkaTrader.groupId(kafka, s.runId()),
                kafka.barsTopic("1m"),
                Duration.ofMinutes(4),
                () -> true);
        // every bar was released on arrival, and the checkpoint that committed the last
        // offsets committed their outputs; stop as `trader stop` does
        job.stopWithSavepoint(
                        false,
                        live.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(3, TimeUnit.MINUTES);

        DeltaStore kafkaStore = new DeltaStore(SparkSessions.getOrCreate(cfg), cfg.dataRoot());
        TradingSink.start(kafkaStore.spark(), kafka, kafkaStore, true).awaitTermination();

        assertThat(fileStore.read(Table.ORDERS).count()).as("the file path trades").isPositive();
        for (Table t : List.of(Table.ORDERS, Table.FILLS, Table.POSITIONS, Table.EQUITY)) {
            assertThat(rows(kafkaStore, t)).as(t.path()).isEqualTo(rows(fileStore, t));
        }
    }

    private static List<String> rows(DeltaStore store, Table t) {
        return store.read(t).collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
