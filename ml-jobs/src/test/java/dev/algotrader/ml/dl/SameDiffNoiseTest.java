package dev.algotrader.ml.dl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SameDiffNoiseTest {

    @Test
    void dropsOnlyTheDifferentiatedOpLinesAndRestoresTheStream() {
        PrintStream before = System.out;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(seen, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            SameDiffNoise.enter();
            SameDiffNoise.enter(); // a second, concurrent fit
            System.out.println("Added differentiated op multi_head_dot_product_attention");
            System.out.println("epoch 1: loss 0.69 — ünïcode kept");
            System.out.print("Added differentiated ");
            System.out.println("op ExternalErrorsFn");
            System.out.print("progress 50%");
            System.out.flush();
            System.out.println(" done");
            System.out.println("Not Added differentiated op: kept, the prefix is not at the start");
            SameDiffNoise.exit();
            assertThat(System.out).as("still filtering: one fit is running").isNotSameAs(capture);
            System.out.println("Added differentiated op late");
            SameDiffNoise.exit();
            assertThat(System.out).isSameAs(capture);
            System.out.println("Added differentiated op after: printed, no fit runs");
        } finally {
            System.setOut(before);
        }
        assertThat(seen.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "epoch 1: loss 0.69 — ünïcode kept\n"
                                + "progress 50% done\n"
                                + "Not Added differentiated op: kept, the prefix is not at the"
                                + " start\n"
                                + "Added differentiated op after: printed, no fit runs\n");
        assertThatThrownBy(SameDiffNoise::exit).isInstanceOf(IllegalStateException.class);
    }
}
