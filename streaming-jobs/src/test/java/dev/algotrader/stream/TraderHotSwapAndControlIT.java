package dev.algotrader.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.algotrader.core.audit.EventLog;
import dev.algotrader.core.audit.Secrets;
import dev.algotrader.core.config.AppConfig;
import dev.algotrader.fixtures.SampleData;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.Event;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Signal;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.control.ControlFile;
import dev.algotrader.stream.control.ControlState;
import dev.algotrader.stream.model.ModelRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model hot swap at a bar boundary (and a broken version refused while the old one keeps trading),
 * and the control file's pause and kill switch taking effect within one bar, during a replay on the
 * MiniCluster.
 */
class TraderHotSwapAndControlIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.twoSlots();

    @TempDir Path tmp;

    /** Acts like the operator at given bars: runs an action when the bar passes the source. */
    static final class At implements MapFunction<Bar, Bar> {
        private final Map<Long, String> actions;
        private final String alias;
        private final String control;

        At(Map<Long, String> actions, Path alias, Path control) {
            this.actions = actions;
            this.alias = alias.toString();
            this.control = control.toString();
        }

        @Override
        public Bar map(Bar b) throws Exception {
            Thread.sleep(1);
            String a = actions.get(b.ts());
            if (a == null) return b;
            if (a.startsWith("promote:")) {
                new TestModels.FileRegistry(alias).promote(a.substring(8));
            } else {
                ControlState.Mode m = ControlState.Mode.valueOf(a.split(":")[0]);
                boolean kill = a.endsWith(":kill");
                new ControlFile(Path.of(control)).write(new ControlState(m, kill, "test", ""));
            }
            return b;
        }
    }

    List<Bar> bars() {
        return SampleData.btcMinuteBars().subList(0, 1500);
    }

    TraderSettings settings(String strategy) {
        AppConfig cfg =
                AppConfig.withOverrides(
                        "algotrader.events-file = \""
                                + tmp.resolve("events.jsonl")
                                + "\"\nalgotrader.trader.control-file = \""
                                + tmp.resolve("control.json")
                                + "\"\nalgotrader.trader.champion.poll-interval = 0s"
                                + "\nalgotrader.backtest.strategy = \""
                                + strategy
                                + "\"");
        return TraderRunner.settings(cfg, false);
    }

    static long barTs(Event e) {
        return ((Number) e.details().get("bar_ts")).longValue();
    }

    List<Event> events() {
        return new EventLog(tmp.resolve("events.jsonl"), Clock.systemUTC(), new Secrets(Map.of()))
                .readAll();
    }

    @Test
    void promotedChampionSwitchesAtABarBoundaryAndABrokenOneIsRefused() throws Exception {
        List<Bar> bars = bars();
        TestModels.FileRegistry reg = new TestModels.FileRegistry(tmp.resolve("alias").toString());
        reg.promote("1");
        TraderSettings s =
                settings("model").withInitialChampion(new ModelRef("test-model", "1", "mem:1"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long promoteAt = bars.get(600).ts();
        long brokenAt = bars.get(1000).ts();
        DataStream<Bar> in =
                env.fromData(bars)
                        .map(
                                new At(
                                        Map.of(
                                                promoteAt,
                                                "promote:2",
                                                brokenAt,
                                                "promote:broken-3"),
                                        tmp.resolve("alias"),
                                        tmp.resolve("control.json")))
                        .setParallelism(1);
        TraderJob.build(env, in, s, reg, BrokerFactory.paper(10_000))
                .sinkTo(CollectSink.all("swap"));
        env.execute("hot swap");

        List<Signal> signals = new ArrayList<>(CollectSink.get("swap.signals"));
        signals.sort(Comparator.comparingLong(Signal::ts));
        assertThat(signals).isNotEmpty();
        // one switch, at a bar boundary: all v1 scores come before all v2 scores
        int firstV2 = -1;
        for (int i = 0; i < signals.size(); i++) {
            if (signals.get(i).modelVersion().equals("2") && firstV2 < 0) firstV2 = i;
            if (firstV2 >= 0) assertThat(signals.get(i).modelVersion()).isEqualTo("2");
        }
        assertThat(firstV2).as("v2 took over").isPositive();
        long switchTs = signals.get(firstV2).ts();
        // the promotion is a processing-time event: the trader switches at the first bar it
        // processes after the broadcast arrives, which may be a few in-flight bars before the
        // bar that passed the source when the alias moved; never after the broken version
        assertThat(switchTs).isLessThan(brokenAt);
        assertThat(signals.subList(0, firstV2)).allMatch(x -> x.modelVersion().equals("1"));
        // the scores really come from the model that was active
        Signal after = signals.get(signals.size() - 1);
        assertThat(after.probabilityUp()).isBetween(0.0, 1.0);

        List<Event> ev = events();
        assertThat(ev)
                .filteredOn(e -> e.event().equals("model.accepted"))
                .extracting(e -> e.details().get("version"))
                .containsExactly("2");
        List<Event> refused = ev.stream().filter(e -> e.event().equals("model.refused")).toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).details().get("version")).isEqualTo("broken-3");
        assertThat(refused.get(0).details().get("reason").toString()).contains("core_v99");
        Event switched =
                ev.stream()
                        .filter(e -> e.event().equals("model.switched"))
                        .filter(e -> "test-model@2".equals(e.details().get("to")))
                        .findFirst()
                        .orElseThrow();
        assertThat(((Number) switched.details().get("bar_ts")).longValue()).isEqualTo(switchTs);
        assertThat(switched.details().get("from")).isEqualTo("test-model@1");
    }

    @Test
    void pauseAndKillSwitchBlockNewOrdersFromTheNextBar() throws Exception {
        List<Bar> bars = bars();
        long pauseAt = bars.get(400).ts();
        long resumeAt = bars.get(800).ts();
        long killAt = bars.get(1100).ts();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Bar> in =
                env.fromData(bars)
                        .map(
                                new At(
                                        Map.of(
                                                pauseAt, "PAUSED",
                                                resumeAt, "RUNNING",
                                                killAt, "RUNNING:kill"),
                                        tmp.resolve("alias"),
                                        tmp.resolve("control.json")))
                        .setParallelism(1);
        TraderJob.build(
                        env,
                        in,
                        settings("sma-cross"),
                        TestModels.FileRegistry.class.cast(
                                new TestModels.FileRegistry(tmp.resolve("none").toString())),
                        BrokerFactory.paper(10_000))
                .sinkTo(CollectSink.all("ctl"));
        env.execute("control");

        List<Order> orders = CollectSink.get("ctl.orders");
        List<Event> applied =
                events().stream().filter(e -> e.event().equals("trader.control.applied")).toList();
        assertThat(applied)
                .extracting(e -> e.details().get("state") + "/" + e.details().get("kill_switch"))
                .containsExactly("paused/false", "running/false", "running/true");
        long paused = barTs(applied.get(0));
        long resumed = barTs(applied.get(1));
        long killed = barTs(applied.get(2));
        // the trader applies a change at the first bar it processes after the write: never later
        // than the bar that passed the source when the file was written
        assertThat(paused).isLessThanOrEqualTo(pauseAt);
        assertThat(resumed).isLessThanOrEqualTo(resumeAt).isGreaterThan(paused);
        assertThat(killed).isLessThanOrEqualTo(killAt).isGreaterThan(resumed);
        // decisions are taken at bar close = bar ts + 1 minute
        assertThat(orders).filteredOn(o -> o.decisionTs() <= paused).isNotEmpty();
        assertThat(orders)
                .as("no new order while paused")
                .noneMatch(o -> o.decisionTs() > paused && o.decisionTs() <= resumed);
        assertThat(orders)
                .filteredOn(o -> o.decisionTs() > resumed && o.decisionTs() <= killed)
                .as("trading resumed")
                .isNotEmpty();
        assertThat(orders)
                .as("no new order after the kill switch")
                .noneMatch(o -> o.decisionTs() > killed);
    }
}
