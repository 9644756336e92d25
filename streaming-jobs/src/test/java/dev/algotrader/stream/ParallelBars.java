package dev.algotrader.stream;

import dev.algotrader.schema.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Out-of-order test input in the spirit of flink-training's ParallelTestSource, on the Flink 2.x
 * Source API: the bars are locally shuffled, then emitted by {@code parallelism} source readers,
 * each owning a contiguous slice, so readers run ahead of each other and the sequencer has to
 * restore the order from watermarks.
 */
public final class ParallelBars {

    private ParallelBars() {}

    /** {@code bars} with each block of {@code block} consecutive elements shuffled (seeded). */
    public static List<Bar> locallyShuffled(List<Bar> bars, int block, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> out = new ArrayList<>(bars);
        for (int start = 0; start < out.size(); start += block) {
            int end = Math.min(out.size(), start + block);
            for (int i = end - 1; i > start; i--) {
                int j = start + rnd.nextInt(i - start + 1);
                Bar t = out.get(i);
                out.set(i, out.get(j));
                out.set(j, t);
            }
        }
        return out;
    }

    /**
     * A bounded source emitting {@code bars} (in list order per reader) with {@code parallelism}.
     */
    public static DataStream<Bar> source(
            StreamExecutionEnvironment env, List<Bar> bars, int parallelism) {
        List<Bar> copy = List.copyOf(bars);
        GeneratorFunction<Long, Bar> fn = i -> copy.get(i.intValue());
        return env.fromSource(
                        new DataGeneratorSource<>(fn, copy.size(), TypeInformation.of(Bar.class)),
                        WatermarkStrategy.noWatermarks(),
                        "parallel-bars")
                .setParallelism(parallelism);
    }
}
