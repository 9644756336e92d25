package dev.algotrader.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {

    @TempDir Path tmp;

    @Test
    void missingFileMeansRunningAndEveryWriteIsSeenAtTheNextRead() {
        ControlFile reader = new ControlFile(tmp.resolve("control.json"));
        ControlFile writer = new ControlFile(tmp.resolve("control.json"));
        assertThat(reader.read().allowsNewOrders()).isTrue();
        writer.write(new ControlState(ControlState.Mode.PAUSED, false, "maintenance", "t1"));
        ControlState paused = reader.read();
        assertThat(paused.mode()).isEqualTo(ControlState.Mode.PAUSED);
        assertThat(paused.allowsNewOrders()).isFalse();
        assertThat(paused.reason()).isEqualTo("maintenance");
        // same length as "running": the inode changes on the atomic rename, so it is still seen
        writer.write(new ControlState(ControlState.Mode.STOPPED, false, "maintenance", "t1"));
        assertThat(reader.read().stopRequested()).isTrue();
        writer.write(new ControlState(ControlState.Mode.RUNNING, true, "", ""));
        assertThat(reader.read().allowsNewOrders()).as("kill switch").isFalse();
        writer.write(new ControlState(ControlState.Mode.RUNNING, false, "", ""));
        assertThat(reader.read().allowsNewOrders()).isTrue();
    }

    @Test
    void anUnreadableFileFailsClosed() throws Exception {
        Path f = tmp.resolve("control.json");
        Files.writeString(f, "{\"state\": \"dancing\"}");
        ControlState s = new ControlFile(f).read();
        assertThat(s.allowsNewOrders()).isFalse();
        assertThat(s.reason()).contains("unknown state");
        Files.writeString(f, "not json at all {");
        assertThat(new ControlFile(f).read().allowsNewOrders()).isFalse();
    }
}
