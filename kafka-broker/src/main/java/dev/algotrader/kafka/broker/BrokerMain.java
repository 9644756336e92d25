package dev.algotrader.kafka.broker;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * The child JVM of {@link EmbeddedKafka}: formats the log folder once (KRaft storage), starts a
 * combined broker + controller, prints {@link #READY} and runs until its standard input ends (the
 * parent closed it, or died), then shuts down cleanly.
 *
 * <p>Arguments: {@code <server.properties> <cluster-id>}.
 */
public final class BrokerMain {

    /** Printed on standard output once the broker accepts clients. */
    public static final String READY = "EMBEDDED-KAFKA READY";

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: BrokerMain <server.properties> <cluster-id>");
        }
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // format only a fresh folder: a restart keeps the topics and committed offsets
        int formatted =
                StorageTool.execute(
                        new String[] {
                            "format",
                            "--cluster-id=" + args[1],
                            "--config=" + args[0],
                            "--ignore-formatted"
                        },
                        out);
        if (formatted != 0) throw new IllegalStateException("formatting the log folder failed");
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        out.println(READY);
        waitForEndOfInput();
        server.shutdown();
        server.awaitShutdown();
        out.println("EMBEDDED-KAFKA STOPPED");
    }

    private static void waitForEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // the parent writes nothing: only the end matters
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
    }
}
