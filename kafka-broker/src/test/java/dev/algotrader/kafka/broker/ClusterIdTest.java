package dev.algotrader.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClusterIdTest {

    /**
     * One random id in 64 used to start with '-', which the storage tool's parser took for an
     * option: the broker then failed to format its log folder (seen once in CI).
     */
    @Test
    void clusterIdsNeverStartWithADashAndDecodeToSixteenBytes() {
        for (int i = 0; i < 5_000; i++) {
            String id = EmbeddedKafka.newClusterId();
            assertNotEquals('-', id.charAt(0), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
        }
    }
}
