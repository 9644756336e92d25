package dev.algotrader.stream.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by the embedded broker (a child JVM of this process or of
 * its parent, found by its main class): on a shared machine, bars per CPU-second say more than bars
 * per wall-clock second.
 */
final class CpuTime {

    private static final String BROKER_MAIN = "dev.algotrader.kafka.broker.BrokerMain";

    private CpuTime() {}

    /** This JVM's CPU time in nanoseconds (all threads, the MiniCluster included). */
    static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The embedded broker's CPU time in nanoseconds; 0 when no such process is found. */
    static long brokerNanos() {
        ProcessHandle self = ProcessHandle.current();
        return Stream.concat(
                        self.children(),
                        self.parent().map(ProcessHandle::children).orElse(Stream.empty()))
                .filter(p -> p.info().commandLine().orElse("").contains(BROKER_MAIN))
                .map(p -> p.info().totalCpuDuration())
                .flatMap(Optional::stream)
                .mapToLong(Duration::toNanos)
                .sum();
    }

    /** Both. */
    static long nanos() {
        return jvmNanos() + brokerNanos();
    }
}
