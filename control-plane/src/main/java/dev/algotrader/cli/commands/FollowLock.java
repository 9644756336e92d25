package dev.algotrader.cli.commands;

import dev.algotrader.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One {@code ingest --follow} per source and interval: an OS lock on {@code
 * <lock-dir>/follow-<source>-<interval>.lock}, which also records the owner (pid, host, since) for
 * the refusal message. The OS drops the lock when the owner dies, even after {@code kill -9}, so a
 * crashed follower never blocks the next one; a second copy, also in the same JVM, is refused.
 */
final class FollowLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private FollowLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code source}/{@code interval}, or throws a {@link UserError}. */
    static FollowLock acquire(Path dir, String source, String interval) {
        Path file = dir.resolve("follow-" + source + "-" + interval + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this JVM
            }
            if (l == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new UserError(
                        "ingest --follow for "
                                + source
                                + " "
                                + interval
                                + " already runs ("
                                + (owner.isEmpty() ? "owner unknown" : owner)
                                + "): stop it with 'algo-trader ingest --follow-control stop' or"
                                + " SIGTERM; lock "
                                + file);
            }
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(
                            ("pid "
                                            + ProcessHandle.current().pid()
                                            + " on "
                                            + host()
                                            + " since "
                                            + Instant.now()
                                            + "\n")
                                    .getBytes(StandardCharsets.UTF_8)),
                    0);
            return new FollowLock(ch, l);
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // the lock file stays; the OS lock goes with the channel
            }
            throw new UncheckedIOException("cannot take the follow lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel drops the OS lock anyway
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
