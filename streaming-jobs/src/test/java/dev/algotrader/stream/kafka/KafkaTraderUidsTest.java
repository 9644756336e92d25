package dev.algotrader.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.schema.Bar;
import dev.algotrader.stream.TraderJob;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The names and uids of {@link KafkaTrader#sinkTo}'s operators are pinned: a savepoint holds the
 * transactional writer state of each Kafka sink under its uid, so a renamed uid would drop that
 * state on restore (the figures are those of the sinks before they were folded into one helper). No
 * broker is needed: the sinks are built, never run.
 */
class KafkaTraderUidsTest {

    @Test
    void theKafkaSinksKeepTheirNamesAndUids() {
        AppConfig cfg =
                AppConfig.withOverrides(
                        "algotrader.kafka.bootstrap-servers = \"127.0.0.1:9\"\n"
                                + "algotrader.backtest.strategy = \"sma-cross\"");
        KafkaSettings kafka = KafkaSettings.from(cfg);
        TraderSettings s = TraderRunner.settings(cfg, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStreamSource<Bar> bars =
                env.fromData(
                        List.of(new Bar("BTC/USD", "1m", 0L, 1, 1, 1, 1, 1)),
                        TypeInformation.of(Bar.class));
        KafkaTrader.Bars in = new KafkaTrader.Bars(bars, bars.getSideOutput(KafkaTrader.DEAD));
        TraderJob.Outputs out =
                TraderJob.build(
                        env, in.bars(), s, ChampionSource.none(), BrokerFactory.paper(1_000), true);
        KafkaTrader.sinkTo(out, in, kafka, s.runId(), s.interval(), null);

        TreeMap<String, String> uids = new TreeMap<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            if (n.getOperatorName().startsWith("kafka-")) {
                uids.put(n.getOperatorName(), n.getTransformationUID());
            }
        }
        assertThat(uids.toString()).isEqualTo(EXPECTED);
    }

    /** Operator name = uid; the committers' uids derive from it. */
    static final String EXPECTED =
            "{"
                    + String.join(
                            ", ",
                            "kafka-dead-letters: Committer=Sink Committer: kafka-dead-letters",
                            "kafka-dead-letters: Writer=kafka-dead-letters",
                            "kafka-equity: Committer=Sink Committer: kafka-equity",
                            "kafka-equity: Writer=kafka-equity",
                            "kafka-events: Committer=Sink Committer: kafka-events",
                            "kafka-events: Writer=kafka-events",
                            "kafka-fills: Committer=Sink Committer: kafka-fills",
                            "kafka-fills: Writer=kafka-fills",
                            "kafka-orders: Committer=Sink Committer: kafka-orders",
                            "kafka-orders: Writer=kafka-orders",
                            "kafka-positions: Committer=Sink Committer: kafka-positions",
                            "kafka-positions: Writer=kafka-positions",
                            "kafka-signals: Committer=Sink Committer: kafka-signals",
                            "kafka-signals: Writer=kafka-signals")
                    + "}";
}
