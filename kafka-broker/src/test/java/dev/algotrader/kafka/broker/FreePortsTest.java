package dev.algotrader.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsOfOneCallAreDistinctAndUsable() {
        for (int i = 0; i < 200; i++) {
            int[] ports = EmbeddedKafka.freePorts(2);
            assertEquals(2, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
            for (int p : ports) assertTrue(p > 0 && p < 65536, "port " + p);
        }
    }
}
