package dev.algotrader.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.OrderType;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Side;
import dev.algotrader.schema.Signal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCodecTest {

    @Test
    void everyRecordRoundTripsBitForBit() {
        Bar bar = new Bar("BTC/USD", "1m", 1_385_337_600_000L, 0.1 + 0.2, 812.5, 1e-7, 800.0, 0);
        assertThat(TopicCodec.decodeBar(TopicCodec.encode(bar))).isEqualTo(bar);

        Order o =
                new Order(
                        "run-1",
                        "sma-BTCUSD-1385337660000-v3",
                        "BTC/USD",
                        1_385_337_660_000L,
                        Side.BUY,
                        OrderType.LIMIT,
                        0.123456789012345,
                        801.25,
                        Double.NaN,
                        "entry \"long\"\n");
        Order back = TopicCodec.decodeOrder(TopicCodec.encode(o));
        // records compare doubles with Double.compare: NaN equals NaN
        assertThat(back).isEqualTo(o);
        assertThat(back.stopPrice()).isNaN();

        Fill f = new Fill("run-1", "c1", "ETH/USD", 5L, Side.SELL, 2.5, 1234.5678, 0.37, 1.0E-9);
        assertThat(TopicCodec.decodeFill(TopicCodec.encode(f))).isEqualTo(f);

        Position p = new Position("run-1", "BTC/USD", 7L, -0.5, Double.NaN, 810, -1.25, 3.5);
        assertThat(TopicCodec.decodePosition(TopicCodec.encode(p))).isEqualTo(p);

        EquityPoint e = new EquityPoint("run-1", "ETH/USD", 9L, 9_876.54321, 123.0, 9_999.54321);
        assertThat(TopicCodec.decodeEquity(TopicCodec.encode(e))).isEqualTo(e);

        Signal s = new Signal("BTC/USD", 11L, "btc-usd_1m_trees", "4", 0.5123);
        assertThat(TopicCodec.decodeSignal(TopicCodec.encode(s))).isEqualTo(s);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("orders", 3L);
        details.put("ids", List.of("a", "b"));
        details.put("nested", Map.of("ok", true));
        Event ev = new Event("2026-12-03T09:00:00Z", "trader", "trader.start", "run-1", details);
        assertThat(TopicCodec.decodeEvent(TopicCodec.encode(ev))).isEqualTo(ev);

        DeadLetter d =
                new DeadLetter("bars.1m", 1, 42L, "BTC/USD", "{not json", "malformed JSON", 99L);
        assertThat(TopicCodec.decodeDeadLetter(TopicCodec.encode(d))).isEqualTo(d);
    }

    @Test
    void valuesAreCompactVersionedAndCarryTheTableColumns() {
        Fill f = new Fill("r", "c", "BTC/USD", 5L, Side.BUY, 1.0, 2.0, 0.0, 0.0);
        String text = new String(TopicCodec.encode(f), StandardCharsets.UTF_8);
        assertThat(text)
                .isEqualTo(
                        "{\"v\":1,\"run_id\":\"r\",\"client_order_id\":\"c\",\"symbol\":\"BTC/USD\","
                                + "\"ts\":5,\"side\":\"BUY\",\"quantity\":1.0,\"price\":2.0,"
                                + "\"fee\":0.0,\"slippage_cost\":0.0}");
    }

    @Test
    void equityCarriesItsSubAccountAndOlderRecordsWithoutItAreTheWholeAccount() {
        EquityPoint e = new EquityPoint("r", "BTC/USD", 5L, 10.0, 2.5, 12.5);
        assertThat(new String(TopicCodec.encode(e), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"v\":1,\"run_id\":\"r\",\"symbol\":\"BTC/USD\",\"ts\":5,"
                                + "\"cash\":10.0,\"position_value\":2.5,\"equity\":12.5}");
        // a version-1 record of a build before the field: the run's one unnamed account
        EquityPoint old =
                TopicCodec.decodeEquity(
                        bytes(
                                "{\"v\":1,\"run_id\":\"r\",\"ts\":5,\"cash\":10.0,"
                                        + "\"position_value\":2.5,\"equity\":12.5}"));
        assertThat(old).isEqualTo(new EquityPoint("r", EquityPoint.ACCOUNT, 5L, 10.0, 2.5, 12.5));
        assertThat(old.isAccount()).isTrue();
        assertThat(new EquityPoint("r", null, 5L, 1, 0, 1).symbol()).isEqualTo(EquityPoint.ACCOUNT);
        EquityPoint account = new EquityPoint("r", EquityPoint.ACCOUNT, 5L, 10.0, 2.5, 12.5);
        assertThat(TopicCodec.decodeEquity(TopicCodec.encode(account))).isEqualTo(account);
    }

    @Test
    void badValuesGiveTheDeadLetterReason() {
        assertThatThrownBy(() -> TopicCodec.decodeBar(bytes("{\"v\":1,\"symbol\":")))
                .isInstanceOf(TopicRecordException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> TopicCodec.decodeBar(bytes("{\"symbol\":\"X\"}")))
                .hasMessage("missing schema version v");
        assertThatThrownBy(() -> TopicCodec.decodeBar(bytes("{\"v\":2,\"symbol\":\"X\"}")))
                .hasMessageContaining("schema version 2 is not readable");
        assertThatThrownBy(
                        () ->
                                TopicCodec.decodeBar(
                                        bytes("{\"v\":1,\"symbol\":\"X\",\"interval\":\"1m\"}")))
                .hasMessage("missing field ts");
        assertThatThrownBy(
                        () ->
                                TopicCodec.decodeFill(
                                        bytes(
                                                "{\"v\":1,\"run_id\":\"r\",\"client_order_id\":\"c\","
                                                        + "\"symbol\":\"s\",\"ts\":1,\"side\":\"UP\"}")))
                .hasMessage("side: unknown value 'UP'");
        assertThatThrownBy(() -> TopicCodec.decodeBar(null)).hasMessage("empty value");
    }

    @Test
    void topicNamesAndKeys() {
        assertThat(Topic.bars("1m")).isEqualTo("bars.1m");
        assertThat(Topic.bars("5m")).isEqualTo("bars.5m");
        assertThatThrownBy(() -> Topic.bars("1x")).hasMessageContaining("unknown unit");
        assertThat(Topic.ORDERS.topicName()).isEqualTo("trader.orders");
        assertThat(Topic.DEAD_LETTER.topicName()).isEqualTo("dead-letter");
        assertThat(Topic.TRADER_OUTPUTS).hasSize(6);
        assertThat(new String(TopicCodec.key("BTC/USD"), StandardCharsets.UTF_8))
                .isEqualTo("BTC/USD");
    }

    @Test
    void compactJsonEscapesAndParsesNumbers() {
        String s = CompactJson.write(Map.of("a", "x\u0001\"\\/"));
        assertThat(CompactJson.readObject(s)).containsEntry("a", "x\u0001\"\\/");
        assertThat(CompactJson.read("[1, -2.5e3, true, null, \"\\u00e9\"]"))
                .isEqualTo(java.util.Arrays.asList(1L, -2500.0, true, null, "é"));
        assertThatThrownBy(() -> CompactJson.read("{} x")).hasMessageContaining("trailing");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
