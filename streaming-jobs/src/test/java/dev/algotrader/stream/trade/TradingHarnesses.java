package dev.algotrader.stream.trade;

import dev.algotrader.schema.Order;
import dev.algotrader.stream.FakeAlpaca;
import dev.algotrader.stream.TraderRunner;
import dev.algotrader.stream.TraderSettings;
import dev.algotrader.stream.bars.SequencedBar;
import dev.algotrader.stream.model.Directive;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** The trading operator's test set-up, shared by the operator-harness tests of this package. */
final class TradingHarnesses {

    private TradingHarnesses() {}

    /** The sma-cross strategy with a 50% stop-loss / take-profit pair, events under {@code dir}. */
    static TraderSettings smaCrossWithBrackets(Path dir) {
        return TraderRunner.settings(
                FakeAlpaca.traderConfig(
                        dir,
                        "algotrader.backtest.strategy = \"sma-cross\"",
                        "algotrader.backtest.orders.stop-loss = 0.5",
                        "algotrader.backtest.orders.take-profit = 0.5"),
                true);
    }

    /**
     * {@code fn} as the keyed broadcast operator (key = the bar's symbol, one subtask), set up,
     * restored from {@code restore} when not null, and opened.
     */
    static KeyedBroadcastOperatorTestHarness<String, SequencedBar, Directive, Order> open(
            KeyedBroadcastProcessFunction<String, SequencedBar, Directive, Order> fn,
            OperatorSubtaskState restore)
            throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(fn, List.of(TradingFunction.CHAMPION)),
                        (SequencedBar sb) -> sb.bar().symbol(),
                        Types.STRING,
                        1,
                        1,
                        0);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }
}
