package dev.algotrader.stream;

import dev.algotrader.core.config.KafkaSettings;
import dev.algotrader.stream.broker.BrokerFactory;
import dev.algotrader.stream.kafka.KafkaTrader;
import dev.algotrader.stream.model.ChampionSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The trader of the Kafka path as {@code paper-run --source kafka} wires it, for the Kafka ITs
 * (here and in control-plane, through this module's test-jar): {@code bars.<interval>} → {@link
 * TraderJob#build} (no champion, the given broker, released on arrival) → {@link
 * KafkaTrader#sinkTo} at parallelism 2, submitted without waiting.
 */
public final class KafkaTraderJobs {

    private KafkaTraderJobs() {}

    /**
     * Builds and submits the job on a local environment of {@code conf} (checkpoints, restart
     * strategy, a savepoint to restore), checkpointing every {@code checkpointMs}.
     */
    public static JobClient start(
            Configuration conf,
            long checkpointMs,
            KafkaSettings kafka,
            TraderSettings settings,
            BrokerFactory broker,
            String jobName)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(checkpointMs);
        KafkaTrader.Bars in = KafkaTrader.bars(env, kafka, settings);
        TraderJob.Outputs out =
                TraderJob.build(env, in.bars(), settings, ChampionSource.none(), broker, true);
        KafkaTrader.sinkTo(out, in, kafka, settings.runId(), settings.interval(), null);
        return env.executeAsync(jobName);
    }
}
