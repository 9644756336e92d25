package dev.algotrader.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} leaves in the trader's output folders is recovered: complete lines kept in
 * a finished file, a torn last line set aside and reported, never silently dropped; finished files
 * and the files of a run in progress are left alone.
 */
class TraderOutputsTest {

    @TempDir Path out;

    static final String A = "{\"run_id\":\"paper\",\"client_order_id\":\"a\"}";
    static final String B = "{\"run_id\":\"paper\",\"client_order_id\":\"b\"}";

    @Test
    void keepsCompleteLinesAndSetsTheTornLastLineAside() throws Exception {
        Path dir = Files.createDirectories(out.resolve("orders"));
        Files.writeString(
                dir.resolve("part-1-0.jsonl.inprogress"), A + "\n" + B + "\n{\"run_id\":\"pa");
        Files.writeString(dir.resolve("part-0-0.jsonl"), A + "\n");

        List<TraderOutputs.Recovered> r = TraderOutputs.recover(out, null);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).lines()).isEqualTo(2);
        assertThat(r.get(0).tornBytes()).isEqualTo("{\"run_id\":\"pa".length());
        assertThat(r.get(0).describe())
                .contains("kept 2 complete line(s)")
                .contains("torn last line");
        assertThat(Files.readAllLines(dir.resolve("part-1-0.jsonl"))).containsExactly(A, B);
        assertThat(Files.readString(dir.resolve("part-1-0.jsonl.inprogress.torn")))
                .isEqualTo("{\"run_id\":\"pa\n");
        assertThat(dir.resolve("part-1-0.jsonl.inprogress")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("part-0-0.jsonl"))).containsExactly(A);
        assertThat(TraderOutputs.recover(out, null)).as("idempotent").isEmpty();
    }

    @Test
    void aFileWithOnlyATornLineIsRemovedAndItsBytesKept() throws Exception {
        Path dir = Files.createDirectories(out.resolve("fills"));
        Files.writeString(dir.resolve("part-2-1.jsonl.inprogress"), "{\"ts\":17");
        List<TraderOutputs.Recovered> r = TraderOutputs.recover(out, null);
        assertThat(r).singleElement().satisfies(x -> assertThat(x.lines()).isZero());
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactly("part-2-1.jsonl.inprogress.torn");
        }
    }

    @Test
    void leavesTheRunInProgressAlone() throws Exception {
        Path dir = Files.createDirectories(out.resolve("equity"));
        Files.writeString(dir.resolve("part-9-0.jsonl.inprogress"), A + "\n");
        assertThat(TraderOutputs.recover(out, "9")).isEmpty();
        assertThat(dir.resolve("part-9-0.jsonl.inprogress")).exists();
    }

    @Test
    void aFinishedFileOfTheSameNameIsNotOverwritten() throws Exception {
        Path dir = Files.createDirectories(out.resolve("orders"));
        Files.writeString(dir.resolve("part-3-0.jsonl"), A + "\n");
        Files.writeString(dir.resolve("part-3-0.jsonl.inprogress"), B + "\n");
        TraderOutputs.recover(out, null);
        assertThat(Files.readAllLines(dir.resolve("part-3-0.jsonl"))).containsExactly(A);
        assertThat(Files.readAllLines(dir.resolve("part-3-0~recovered1.jsonl"))).containsExactly(B);
    }
}
