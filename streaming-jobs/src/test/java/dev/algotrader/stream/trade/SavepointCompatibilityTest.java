package dev.algotrader.stream.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.venue.broker.ScriptedBroker;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Order;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.Directive;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint of the trading operator written by an earlier build is restored by this one with
 * identical state. The fixture {@code savepoints/trader-7486385.savepoint} is the operator's keyed
 * state (engine, kernel, model key, broker order tracker and the end-of-input timer) after 700
 * bars, taken by main at commit 7486385 with the serializers of that build ({@code
 * EngineStateSerializer}, {@code KernelStateSerializer} and {@code VersionedSerializer} snapshot
 * classes); {@code trader-7486385.state} is the operator's end-of-run state at that point in the
 * {@link SymbolStateCodec} format, written by the same run. Regenerate both (only for a new
 * fixture, never to make this test pass) with {@code -Dsavepoint.fixture.out=<dir>}.
 */
class SavepointCompatibilityTest {

    static final String FIXTURE = "trader-7486385";
    static final int BARS = 700;

    @TempDir Path tmp;

    @Test
    void aSavepointOfTheEarlierBuildRestoresWithIdenticalState() throws Exception {
        OperatorSubtaskState savepoint =
                OperatorSnapshotUtil.readStateHandle(resource(FIXTURE + ".savepoint").toString());
        byte[] expected = Files.readAllBytes(resource(FIXTURE + ".state"));

        var restored = harness(tmp.resolve("a"), new ScriptedBroker(), savepoint);
        OperatorSubtaskState again = restored.snapshot(2L, 2L);
        assertThat(endState(restored))
                .as("the end-of-run state of the restored operator")
                .isEqualTo(expected);
        restored.close();
        OperatorSnapshotUtil.writeStateHandle(again, tmp.resolve("again").toString());
        String written =
                new String(Files.readAllBytes(tmp.resolve("again")), StandardCharsets.ISO_8859_1);
        assertThat(written)
                .as("the next savepoint records this build's serializers")
                .contains(VersionedSerializer.Snapshot.class.getName())
                .doesNotContain(EngineStateSerializer.Snapshot.class.getName())
                .doesNotContain(KernelStateSerializer.Snapshot.class.getName());

        // the savepoint this build writes of it restores to the same state once more
        var twice = harness(tmp.resolve("b"), new ScriptedBroker(), again);
        assertThat(endState(twice)).isEqualTo(expected);
        twice.close();
    }

    /** Writes the fixture with this build: only run by hand, for a new fixture. */
    @Test
    @EnabledIfSystemProperty(named = "savepoint.fixture.out", matches = ".+")
    void writeFixture() throws Exception {
        Path out = Path.of(System.getProperty("savepoint.fixture.out"));
        Files.createDirectories(out);
        ScriptedBroker broker = new ScriptedBroker();
        broker.marketFillParts = 2;
        var h = harness(tmp.resolve("w"), broker, null);
        for (Bar b : SampleData.btcMinuteBars().subList(0, BARS)) {
            broker.fillPrice = b.open();
            h.processElement(new SequencedBar(b, false), b.ts());
        }
        assertThat(h.extractOutputValues()).as("the strategy traded").isNotEmpty();
        OperatorSubtaskState savepoint = h.snapshot(1L, 1L);
        OperatorSnapshotUtil.writeStateHandle(
                savepoint, out.resolve(FIXTURE + ".savepoint").toString());
        byte[] state = endState(h);
        SymbolState s = SymbolStateCodec.INSTANCE.decode(state);
        assertThat(s.kernel().ordersEmitted()).isPositive();
        assertThat(s.brokerTracks()).as("orders open at the broker").isNotEmpty();
        Files.write(out.resolve(FIXTURE + ".state"), state);
        h.close();
    }

    /** The end-of-input state the operator emits, in the versioned format. */
    private static byte[] endState(
            KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> h)
            throws Exception {
        h.processBroadcastWatermark(Long.MAX_VALUE);
        h.processWatermark(Long.MAX_VALUE);
        List<SymbolState> end = new ArrayList<>();
        var records = h.getSideOutput(TradingFunction.FINAL_STATE);
        if (records != null) for (StreamRecord<SymbolState> r : records) end.add(r.getValue());
        assertThat(end).hasSize(1);
        return SymbolStateCodec.INSTANCE.encode(end.get(0));
    }

    private static Path resource(String name) throws Exception {
        URL url = SavepointCompatibilityTest.class.getResource("/savepoints/" + name);
        assertThat(url).as("test resource savepoints/" + name).isNotNull();
        return Path.of(url.toURI());
    }

    private static KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order>
            harness(Path dir, ScriptedBroker broker, OperatorSubtaskState restore)
                    throws Exception {
        String key = broker.key();
        TradingFunction fn =
                new TradingFunction(
                        TradingHarnesses.smaCrossWithBrackets(dir),
                        ChampionSource.none(),
                        () -> ScriptedBroker.byKey(key));
        return TradingHarnesses.open(fn, restore);
    }
}
