package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrainerTest {

    @Test
    void smoke() {
        SymbolSeries s = SyntheticSeries.create("BTC/USD", 600, 4, 3, 1);
        SequenceTrainer tr = new SequenceTrainer(SyntheticSeries.config(), SyntheticSeries.split());
        for (SequenceArchitecture a : SequenceArchitecture.values()) {
            long t0 = System.nanoTime();
            SequenceTrainer.Result r = tr.train(s, a);
            System.out.println(
                    a
                            + " "
                            + (System.nanoTime() - t0) / 1e9
                            + "s "
                            + r.holdout()
                            + " folds "
                            + r.folds().stream().map(f -> f.test().toString()).toList());
            assertThat(r.holdout().n()).isGreaterThan(0);
        }
    }
}
