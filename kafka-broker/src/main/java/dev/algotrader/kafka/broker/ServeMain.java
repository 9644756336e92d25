package dev.algotrader.kafka.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * An {@link EmbeddedKafka} for a demo ({@code scripts/paper-kafka.sh}): one copy per folder, held
 * by a file lock the OS drops when this JVM dies, so a second start is refused with a message
 * instead of a second broker. Writes {@code <dir>/bootstrap-servers} once the broker accepts
 * clients and runs until SIGTERM/SIGINT, then stops the broker cleanly; if this JVM is killed
 * outright, the broker's standard input ends and it stops too (no orphaned JVM).
 *
 * <p>Arguments: {@code <dir> [--fresh]} ({@code --fresh}: drop the broker data of an earlier run).
 * Exit codes: 0 stopped, 3 another copy holds the folder.
 */
public final class ServeMain {

    /** The file a client reads {@code host:port} from. */
    public static final String BOOTSTRAP_FILE = "bootstrap-servers";

    private ServeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1
                || args.length > 2
                || (args.length == 2 && !args[1].equals("--fresh"))) {
            System.err.println("usage: ServeMain <dir> [--fresh]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        FileChannel lockFile =
                FileChannel.open(
                        dir.resolve("serve.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock();
        if (lock == null) {
            Path b = dir.resolve(BOOTSTRAP_FILE);
            System.err.println(
                    "an embedded Kafka already runs on "
                            + dir
                            + (Files.isRegularFile(b)
                                    ? " (" + Files.readString(b).trim() + ")"
                                    : "")
                            + "; stop it first (its process holds "
                            + dir.resolve("serve.lock")
                            + ")");
            System.exit(3);
        }
        Path bootstrap = dir.resolve(BOOTSTRAP_FILE);
        Files.deleteIfExists(bootstrap);
        Path data = dir.resolve("broker");
        if (args.length == 2) deleteTree(data);
        EmbeddedKafka kafka = EmbeddedKafka.start(data, 2);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        Files.deleteIfExists(bootstrap);
                                    } catch (IOException e) {
                                        // best effort: the next start replaces it
                                    }
                                    kafka.close();
                                    stopped.countDown();
                                },
                                "embedded-kafka-stop"));
        Path tmp = dir.resolve(BOOTSTRAP_FILE + ".tmp");
        Files.writeString(tmp, kafka.bootstrapServers() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, bootstrap, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println(
                "embedded Kafka on " + kafka.bootstrapServers() + " (data " + data + ")");
        stopped.await();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
