package dev.algotrader.core.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.algotrader.core.audit.AuditEvent;
import dev.algotrader.core.features.FeatureEngine;
import dev.algotrader.core.scoring.ScoreWindow;
import dev.algotrader.core.scoring.Scorer;
import dev.algotrader.core.venue.SimulatedVenue;
import dev.algotrader.fixtures.SyntheticBars;
import dev.algotrader.schema.Bar;
import dev.algotrader.schema.FeatureRow;
import dev.algotrader.schema.FeatureSetSpec;
import dev.algotrader.schema.OrderType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SymbolTraderTest {

    /** A pointwise or sequence model whose score follows the newest row's first feature. */
    private record FakeScorer(String version, int window) implements Scorer {
        @Override
        public String modelName() {
            return "fake";
        }

        @Override
        public String modelVersion() {
            return version;
        }

        @Override
        public FeatureSetSpec featureSet() {
            return FeatureSetSpec.DEFAULT;
        }

        @Override
        public double probabilityUp(List<FeatureRow> rows) {
            double x = rows.get(rows.size() - 1).values()[0] * 500;
            return 1 / (1 + Math.exp(-x));
        }
    }

    private static KernelConfig cfg() {
        return KernelTestSupport.config(
                () -> new ModelThresholdStrategy(0.55, 0.5, 0.45, 0.5),
                TradingMode.LONG_SHORT,
                KernelTestSupport.policy(OrderType.MARKET, 0.01, 0.02, 0),
                RiskLimits.none());
    }

    private static SymbolTrader trader(SimulationClock clock, boolean features) {
        KernelConfig k = cfg();
        FeatureEngine e =
                features ? FeatureEngine.create(FeatureSetSpec.DEFAULT, k.symbol(), "1m") : null;
        return SymbolTrader.create(k, SimulatedVenue.of(k), clock, e);
    }

    @Test
    void scoringLiveGivesTheOrdersOfReplayingTheSameScores() {
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 600, 7);
        Scorer scorer = new FakeScorer("3", 1);
        SimulationClock c1 = new SimulationClock();
        SimulationClock c2 = new SimulationClock();
        SymbolTrader live = trader(c1, true);
        SymbolTrader replay = trader(c2, false);
        FeatureEngine engine = FeatureEngine.create(FeatureSetSpec.DEFAULT, "BTC/USD", "1m");
        ScoreWindow window = new ScoreWindow();
        int orders = 0;
        for (Bar b : bars) {
            c1.set(b.closeTime());
            c2.set(b.closeTime());
            TradeOutcome a = live.onBar(b, false, scorer);
            OptionalDouble p = window.score(scorer, engine.update(b));
            TradeOutcome r = replay.onScoredBar(b, p, false);
            assertEquals(r.orders(), a.orders());
            assertEquals(r.fills(), a.fills());
            assertEquals(r.equity(), a.equity());
            assertEquals(p.orElse(Double.NaN), a.signal().probabilityUp());
            assertNull(r.signal());
            orders += a.orders().size();
        }
        assertTrue(orders > 0, "the fake model should trade");
    }

    @Test
    void warmedOnEarlierBarsTradesLikeABacktestStartingAtTheTradeFromBar() {
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 600, 5);
        int from = 250;
        Scorer scorer = new FakeScorer("1", 3);
        SimulationClock c1 = new SimulationClock();
        SimulationClock c2 = new SimulationClock();
        SymbolTrader live = trader(c1, true);
        SymbolTrader backtest = trader(c2, false);
        // the backtest's scores: the features and window over every bar (as gold/predictions)
        FeatureEngine engine = FeatureEngine.create(FeatureSetSpec.DEFAULT, "BTC/USD", "1m");
        ScoreWindow window = new ScoreWindow();
        int orders = 0;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            c1.set(b.closeTime());
            c2.set(b.closeTime());
            OptionalDouble p = window.score(scorer, engine.update(b));
            if (i < from) {
                live.warm(b, scorer);
                assertEquals(Long.MIN_VALUE, live.kernel().state().lastBarTs());
                continue;
            }
            TradeOutcome a = live.onBar(b, false, scorer);
            TradeOutcome r = backtest.onScoredBar(b, p, false);
            assertEquals(p.orElse(Double.NaN), a.signal().probabilityUp());
            assertEquals(r.orders(), a.orders());
            assertEquals(r.fills(), a.fills());
            assertEquals(r.equity(), a.equity());
            orders += a.orders().size();
        }
        assertTrue(orders > 0, "the fake model should trade");
    }

    @Test
    void aModelSwitchIsAnAuditEventAndTheSignalNamesTheModel() {
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 80, 3);
        SimulationClock clock = new SimulationClock();
        SymbolTrader t = trader(clock, true);
        List<AuditEvent> switches = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            clock.set(bars.get(i).closeTime());
            Scorer s = i < 10 ? null : new FakeScorer(i < 40 ? "1" : "2", 1);
            TradeOutcome o = t.onBar(bars.get(i), false, s);
            for (AuditEvent e : o.events()) {
                if (e.type().equals("model.switched")) switches.add(e);
            }
            if (s == null) assertNull(o.signal());
            else assertEquals(s.modelVersion(), o.signal().modelVersion());
        }
        assertEquals(2, switches.size());
        assertEquals("none", switches.get(0).data().get("from"));
        assertEquals("fake@1", switches.get(0).data().get("to"));
        assertEquals("fake@2", switches.get(1).data().get("to"));
        assertEquals("fake@2", t.modelKey());
    }

    @Test
    void aRestoredTraderContinuesLikeTheOriginal() {
        List<Bar> bars = SyntheticBars.generate("BTC/USD", "1m", 400, 11);
        Scorer scorer = new FakeScorer("1", 3);
        SimulationClock clock = new SimulationClock();
        SymbolTrader a = trader(clock, true);
        SymbolTrader b = null;
        for (int i = 0; i < bars.size(); i++) {
            clock.set(bars.get(i).closeTime());
            if (i == 200) {
                KernelConfig k = cfg();
                b =
                        SymbolTrader.restore(
                                k,
                                SimulatedVenue.of(k),
                                clock,
                                FeatureEngine.restore(a.engine().snapshot()),
                                a.kernel().state().deepCopy(),
                                a.windowRows(),
                                a.modelKey());
            }
            TradeOutcome x = a.onBar(bars.get(i), false, scorer);
            if (b != null) {
                TradeOutcome y = b.onBar(bars.get(i), false, scorer);
                assertEquals(x.orders(), y.orders());
                assertEquals(x.equity(), y.equity());
                assertEquals(x.signal(), y.signal());
                assertFalse(y.events().stream().anyMatch(e -> e.type().equals("model.switched")));
            }
        }
    }
}
