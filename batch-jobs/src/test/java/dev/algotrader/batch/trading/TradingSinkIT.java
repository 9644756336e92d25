package dev.algotrader.batch.trading;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.batch.SharedSpark;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.kafka.broker.SharedKafka;
import dev.algotrader.lake.DeltaStore;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Side;
import dev.algotrader.schema.Table;
import dev.algotrader.schema.topic.DeadLetter;
import dev.algotrader.schema.topic.Topic;
import dev.algotrader.schema.topic.TopicCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trading sink on a real broker: committed trader records become {@code trading/*} rows (an
 * amended order's latest terms), aborted ones never do, a malformed value is left out, and running
 * the sink again over the same topics (its checkpoint says where it was) writes nothing new; new
 * records are merged by the next run. Records it cannot use (malformed, another schema version, a
 * required column missing) go to the dead-letter topic with the reason, once, and the query goes
 * on.
 */
class TradingSinkIT {

    @TempDir Path tmp;

    @Test
    void committedTraderRecordsLandInTheTradingTablesExactlyOnce() throws Exception {
        SparkSession spark = SharedSpark.get();
        SharedKafka.Namespace ns = SharedKafka.namespace("sink");
        AppConfig cfg =
                SharedSpark.config(
                        ns.config()
                                + "\nalgotrader.kafka.trading-sink.checkpoint-dir = \""
                                + tmp.resolve("checkpoint")
                                + "\"");
        KafkaSettings kafka = KafkaSettings.from(cfg);
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());

        Order entry = order("c1", 1.0, Double.NaN);
        Order stop = order("c2", 1.0, 90.0);
        Order amended = order("c2", 1.0, 95.0);
        try (KafkaProducer<byte[], byte[]> p = producer(ns.stem() + "-it")) {
            p.initTransactions();
            p.beginTransaction();
            send(p, kafka, Topic.ORDERS, "BTC/USD", TopicCodec.encode(entry));
            send(p, kafka, Topic.ORDERS, "BTC/USD", TopicCodec.encode(stop));
            send(p, kafka, Topic.ORDERS, "BTC/USD", TopicCodec.encode(amended));
            send(
                    p,
                    kafka,
                    Topic.ORDERS,
                    "BTC/USD",
                    "{\"v\":1,\"run_id\":".getBytes(StandardCharsets.UTF_8));
            send(
                    p,
                    kafka,
                    Topic.ORDERS,
                    "BTC/USD",
                    new String(TopicCodec.encode(order("v2", 1.0, Double.NaN)), UTF_8)
                            .replace("\"v\":1", "\"v\":2")
                            .getBytes(UTF_8));
            send(p, kafka, Topic.FILLS, "BTC/USD", "{\"v\":1,\"run_id\":\"r\"}".getBytes(UTF_8));
            send(
                    p,
                    kafka,
                    Topic.FILLS,
                    "BTC/USD",
                    TopicCodec.encode(
                            new Fill(
                                    "r", "c1", "BTC/USD", 60_000L, Side.BUY, 1.0, 100.0, 0.1,
                                    0.0)));
            send(
                    p,
                    kafka,
                    Topic.POSITIONS,
                    "BTC/USD",
                    TopicCodec.encode(
                            new Position("r", "BTC/USD", 60_000L, 1.0, 100.0, 101.0, 0.0, 1.0)));
            send(
                    p,
                    kafka,
                    Topic.EQUITY,
                    "r",
                    TopicCodec.encode(
                            new EquityPoint("r", "BTC/USD", 60_000L, 9_899.9, 101.0, 10_000.9)));
            p.commitTransaction();
            p.beginTransaction();
            send(
                    p,
                    kafka,
                    Topic.ORDERS,
                    "BTC/USD",
                    TopicCodec.encode(order("aborted", 9.0, Double.NaN)));
            p.flush();
            p.abortTransaction();
        }

        TradingSink.start(spark, kafka, store, true).awaitTermination();
        List<DeadLetter> dead =
                SharedKafka.readCommitted(
                        kafka.topic(Topic.DEAD_LETTER), TopicCodec::decodeDeadLetter);
        assertThat(dead).as("dead letters of the sink").hasSize(3);
        assertThat(dead)
                .filteredOn(d -> d.sourceTopic().equals(kafka.topic(Topic.ORDERS)))
                .extracting(DeadLetter::reason)
                .anyMatch(r -> r.startsWith("malformed") || r.startsWith("missing required"))
                .contains("unknown schema version 2 (this sink reads version 1)");
        assertThat(dead)
                .filteredOn(d -> d.sourceTopic().equals(kafka.topic(Topic.FILLS)))
                .extracting(DeadLetter::reason)
                .singleElement()
                .satisfies(r -> assertThat(r).startsWith("missing required columns: "));
        assertThat(dead).allMatch(d -> d.offset() >= 0 && "BTC/USD".equals(d.key()));
        List<Row> orders = store.read(Table.ORDERS).orderBy("client_order_id").collectAsList();
        assertThat(orders).extracting(r -> r.getString(1)).containsExactly("c1", "c2");
        assertThat(orders.get(1).<Double>getAs("stop_price")).isEqualTo(95.0);
        assertThat(orders.get(0).<Double>getAs("limit_price")).isNull();
        assertThat(store.read(Table.FILLS).count()).isEqualTo(1);
        assertThat(store.read(Table.POSITIONS).count()).isEqualTo(1);
        assertThat(store.read(Table.EQUITY).first().<Double>getAs("equity")).isEqualTo(10_000.9);
        long version = store.version(Table.ORDERS.path());

        // the same topics again: the checkpoint knows they were written, nothing changes
        TradingSink.start(spark, kafka, store, true).awaitTermination();
        assertThat(store.version(Table.ORDERS.path())).isEqualTo(version);
        assertThat(
                        SharedKafka.readCommitted(
                                kafka.topic(Topic.DEAD_LETTER), TopicCodec::decodeDeadLetter))
                .as("no dead letter twice")
                .hasSize(3);

        try (KafkaProducer<byte[], byte[]> p = producer(ns.stem() + "-it")) {
            p.initTransactions();
            p.beginTransaction();
            send(
                    p,
                    kafka,
                    Topic.ORDERS,
                    "BTC/USD",
                    TopicCodec.encode(order("c3", 1.0, Double.NaN)));
            p.commitTransaction();
        }
        TradingSink.start(spark, kafka, store, true).awaitTermination();
        assertThat(store.read(Table.ORDERS).count()).isEqualTo(3);
    }

    /**
     * Two symbols' sub-accounts, each symbol opening with half the cash. The first micro-batch has
     * only BTC's bars (60,000, 120,000, 180,000): ETH counts with its opening at each. ETH's
     * sub-account of 120,000 arrives late, in the second batch (with a redelivered BTC one): the
     * rows of 120,000 and of 180,000, into which it is carried, change. ETH's sub-account of 60,000
     * arrives later still: it changes only the row of 60,000 (ETH's next sub-account is at
     * 120,000), which is all that is recomputed, and redelivering it changes nothing. {@code
     * trading/equity} is the as-of sum at every ts; a record without a symbol (an older build's) is
     * the run's one unnamed account.
     */
    @Test
    void equityIsTheAsOfSumOfTheSubAccountsAcrossMicroBatches() throws Exception {
        SparkSession spark = SharedSpark.get();
        SharedKafka.Namespace ns = SharedKafka.namespace("sink-equity");
        AppConfig cfg =
                SharedSpark.config(
                        ns.config()
                                + "\nalgotrader.kafka.trading-sink.checkpoint-dir = \""
                                + tmp.resolve("checkpoint-equity")
                                + "\"");
        KafkaSettings kafka = KafkaSettings.from(cfg);
        DeltaStore store = new DeltaStore(spark, cfg.dataRoot());
        EquityPoint btcOpen = EquityPoint.opening("m", "BTC/USD", 5_000.0);
        EquityPoint ethOpen = EquityPoint.opening("m", "ETH/USD", 5_000.0);
        EquityPoint btc1 = new EquityPoint("m", "BTC/USD", 60_000L, 5_000.0, 0.0, 5_000.0);
        EquityPoint btc2 = new EquityPoint("m", "BTC/USD", 120_000L, 4_000.0, 1_010.0, 5_010.0);
        EquityPoint btc3 = new EquityPoint("m", "BTC/USD", 180_000L, 4_000.0, 1_020.0, 5_020.0);
        EquityPoint eth1 = new EquityPoint("m", "ETH/USD", 60_000L, 4_900.0, 90.0, 4_990.0);
        EquityPoint eth2 = new EquityPoint("m", "ETH/USD", 120_000L, 4_500.0, 600.0, 5_100.0);
        String old =
                "{\"v\":1,\"run_id\":\"o\",\"ts\":60000,\"cash\":1.0,"
                        + "\"position_value\":2.0,\"equity\":3.0}";
        send(ns, kafka, List.of(btcOpen, ethOpen, btc1, btc2, btc3), old);
        TradingSink.start(spark, kafka, store, true).awaitTermination();
        assertThat(equity(store, "m"))
                .containsExactly("60000=10000.0", "120000=10010.0", "180000=10020.0");

        send(ns, kafka, List.of(eth2, btc2), null); // btc2 redelivered
        TradingSink.start(spark, kafka, store, true).awaitTermination();
        assertThat(equity(store, "m"))
                .containsExactly("60000=10000.0", "120000=10110.0", "180000=10120.0");
        Row total = store.read(Table.EQUITY).where("run_id = 'm' AND ts = 180000").first();
        assertThat(total.<Double>getAs("cash")).isEqualTo(8_500.0);
        assertThat(total.<Double>getAs("position_value")).isEqualTo(1_620.0);

        for (int delivery = 1; delivery <= 2; delivery++) {
            send(ns, kafka, List.of(eth1), null);
            TradingSink.start(spark, kafka, store, true).awaitTermination();
            assertThat(equity(store, "m"))
                    .as("delivery %d of the late sub-account of 60,000", delivery)
                    .containsExactly("60000=9990.0", "120000=10110.0", "180000=10120.0");
        }
        Dataset<Row> late =
                store.read(Table.EQUITY_ACCOUNTS)
                        .where("run_id = 'm' AND symbol = 'ETH/USD' AND ts = 60000");
        assertThat(
                        TraderRows.accountTotals(store.read(Table.EQUITY_ACCOUNTS), late)
                                .collectAsList())
                .as("the account rows the late sub-account changes: only 60,000's")
                .extracting(r -> r.<Long>getAs("ts"))
                .containsExactly(60_000L);
        assertThat(store.read(Table.EQUITY_ACCOUNTS).where("run_id = 'm'").count()).isEqualTo(7);
        assertThat(equity(store, "o")).containsExactly("60000=3.0");
        assertThat(
                        store.read(Table.EQUITY_ACCOUNTS)
                                .where("run_id = 'o'")
                                .first()
                                .<String>getAs("symbol"))
                .isEqualTo(EquityPoint.ACCOUNT);
    }

    /** Sends equity points (and a raw value, if given) to {@code trader.equity} in one commit. */
    private static void send(
            SharedKafka.Namespace ns, KafkaSettings kafka, List<EquityPoint> points, String raw) {
        try (KafkaProducer<byte[], byte[]> p = producer(ns.stem() + "-eq")) {
            p.initTransactions();
            p.beginTransaction();
            for (EquityPoint e : points) send(p, kafka, Topic.EQUITY, "m", TopicCodec.encode(e));
            if (raw != null) send(p, kafka, Topic.EQUITY, "o", raw.getBytes(UTF_8));
            p.commitTransaction();
        }
    }

    private static List<String> equity(DeltaStore store, String runId) {
        return store
                .read(Table.EQUITY)
                .where("run_id = '" + runId + "'")
                .orderBy("ts")
                .collectAsList()
                .stream()
                .map(r -> r.<Long>getAs("ts") + "=" + r.<Double>getAs("equity"))
                .toList();
    }

    private static Order order(String id, double qty, double stop) {
        return new Order(
                "r",
                id,
                "BTC/USD",
                60_000L,
                Side.BUY,
                Double.isNaN(stop) ? OrderType.MARKET : OrderType.STOP,
                qty,
                Double.NaN,
                stop,
                "test");
    }

    private static KafkaProducer<byte[], byte[]> producer(String txId) {
        Properties p = SharedKafka.clientProperties();
        p.put("transactional.id", txId);
        p.put("enable.idempotence", "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(
            KafkaProducer<byte[], byte[]> p,
            KafkaSettings kafka,
            Topic t,
            String key,
            byte[] value) {
        p.send(new ProducerRecord<>(kafka.topic(t), TopicCodec.key(key), value));
    }
}
