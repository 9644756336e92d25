package dev.algotrader.stream;

import dev.algotrader.schema.Bar;
import dev.algotrader.schema.EquityPoint;
import dev.algotrader.schema.Fill;
import dev.algotrader.schema.Order;
import dev.algotrader.schema.Position;
import dev.algotrader.schema.Signal;
import dev.algotrader.stream.bars.BarRejection;
import dev.algotrader.stream.bars.BarSequencer;
import dev.algotrader.stream.bars.BarWatermarks;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.model.ChampionSource;
import dev.algotrader.stream.model.ChampionWatcher;
import dev.algotrader.stream.model.Directive;
import dev.algotrader.stream.sink.EventLogSink;
import dev.algotrader.stream.trade.AuditEvent;
import dev.algotrader.stream.trade.SymbolState;
import dev.algotrader.stream.trade.TradingFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The trader as a pure pipeline: given a stream of bars it adds event time and watermarks, follows
 * the champion, sequences bars per symbol and runs the trading kernel keyed by symbol. It reads no
 * files and opens no sockets of its own apart from what its {@link ChampionSource}, {@link
 * BrokerFactory} and the control/events files name; {@link TraderMain} wires the real sources and
 * sinks, tests wire in-memory ones.
 *
 * <pre>
 * bars ─ timestamps/watermarks ─ ChampionWatcher(p=1) ─ keyBy(symbol) ─ BarSequencer ─┐
 *                                     └─ directives ─ broadcast ─────────────────────┴ TradingFunction
 * </pre>
 */
public final class TraderJob {

    private TraderJob() {}

    /** Every output stream of the trader. */
    public record Outputs(
            DataStream<Order> orders,
            DataStream<Fill> fills,
            DataStream<Position> positions,
            DataStream<EquityPoint> equity,
            DataStream<Signal> signals,
            DataStream<BarRejection> rejectedBars,
            DataStream<SymbolState> finalStates,
            DataStream<AuditEvent> audit) {

        /** Attaches a sink to each output (null skips that output). */
        public void sinkTo(Sinks s) {
            if (s.orders() != null) orders.sinkTo(s.orders()).name("orders");
            if (s.fills() != null) fills.sinkTo(s.fills()).name("fills");
            if (s.positions() != null) positions.sinkTo(s.positions()).name("positions");
            if (s.equity() != null) equity.sinkTo(s.equity()).name("equity");
            if (s.signals() != null) signals.sinkTo(s.signals()).name("signals");
            if (s.rejectedBars() != null) {
                rejectedBars.sinkTo(s.rejectedBars()).name("rejected-bars");
            }
            if (s.finalStates() != null) finalStates.sinkTo(s.finalStates()).name("final-state");
        }
    }

    /** One sink per output; any may be null. */
    public record Sinks(
            Sink<Order> orders,
            Sink<Fill> fills,
            Sink<Position> positions,
            Sink<EquityPoint> equity,
            Sink<Signal> signals,
            Sink<BarRejection> rejectedBars,
            Sink<SymbolState> finalStates) {}

    /**
     * Builds the pipeline on {@code bars}. Bars may arrive out of order up to {@code
     * settings.maxOutOfOrdernessMs()}; later ones, duplicates and invalid bars come out of {@link
     * Outputs#rejectedBars()}.
     */
    public static Outputs build(
            StreamExecutionEnvironment env,
            DataStream<Bar> bars,
            TraderSettings settings,
            ChampionSource champions,
            BrokerFactory broker) {
        return build(env, bars, settings, champions, broker, false);
    }

    /**
     * As above; {@code timed}: the bars already carry event time and watermarks from their source
     * (a Kafka source generates them per partition), so none are assigned here.
     */
    public static Outputs build(
            StreamExecutionEnvironment env,
            DataStream<Bar> bars,
            TraderSettings settings,
            ChampionSource champions,
            BrokerFactory broker,
            boolean timed) {
        // Every operator of the trader emits new records that nobody changes afterwards (Java
        // records; an audit event's details are its own copy): chained operators and sinks may
        // share them instead of a serializer copy of each record (orders, fills, positions,
        // equity, signals, audit events) per hop. Network inputs always deserialize new objects.
        env.getConfig().enableObjectReuse();
        DataStream<Bar> withTime = bars;
        if (!timed) {
            WatermarkStrategy<Bar> wm =
                    BarWatermarks.strategy(
                            Duration.ofMillis(settings.maxOutOfOrdernessMs()),
                            settings.lowLatency());
            withTime =
                    bars.assignTimestampsAndWatermarks(wm)
                            .setParallelism(bars.getParallelism())
                            .name("event-time")
                            .uid("event-time");
        }

        SingleOutputStreamOperator<Bar> watched =
                withTime.process(
                                new ChampionWatcher(
                                        champions,
                                        settings.featureSet(),
                                        settings.championPollMs(),
                                        settings.smokeRows(),
                                        Path.of(settings.eventsFile()),
                                        settings.runId(),
                                        settings.initialChampion()),
                                TypeInformation.of(Bar.class))
                        .setParallelism(1)
                        .name("champion-watcher")
                        .uid("champion-watcher");
        BroadcastStream<Directive> directives =
                watched.getSideOutput(ChampionWatcher.DIRECTIVES)
                        .broadcast(TradingFunction.CHAMPION);

        SingleOutputStreamOperator<SequencedBar> sequenced =
                watched.keyBy(Bar::symbol)
                        .process(
                                new BarSequencer(
                                        settings.interval(),
                                        SymbolState.cursors(settings.resume())),
                                TypeInformation.of(SequencedBar.class))
                        .name("bar-sequencer")
                        .uid("bar-sequencer");

        SingleOutputStreamOperator<Order> orders =
                sequenced
                        .keyBy(sb -> sb.bar().symbol())
                        .connect(directives)
                        .process(
                                new TradingFunction(settings, champions, broker),
                                TypeInformation.of(Order.class))
                        .name("trader")
                        .uid("trader");

        DataStream<EquityPoint> equity = orders.getSideOutput(TradingFunction.EQUITY);
        List<EquityPoint> openings = settings.openingAccounts();
        if (!openings.isEmpty()) {
            // emitted again after a restore: identical records on the same key, so harmless
            equity =
                    equity.union(
                            env.fromData(openings, TypeInformation.of(EquityPoint.class))
                                    .name("opening-accounts")
                                    .uid("opening-accounts"));
        }

        DataStream<AuditEvent> audit = orders.getSideOutput(TradingFunction.AUDIT);
        audit.sinkTo(new EventLogSink(settings.eventsFile())).name("audit").uid("audit");

        return new Outputs(
                orders,
                orders.getSideOutput(TradingFunction.FILLS),
                orders.getSideOutput(TradingFunction.POSITIONS),
                equity,
                orders.getSideOutput(TradingFunction.SIGNALS),
                sequenced.getSideOutput(BarSequencer.REJECTED),
                orders.getSideOutput(TradingFunction.FINAL_STATE),
                audit);
    }
}
