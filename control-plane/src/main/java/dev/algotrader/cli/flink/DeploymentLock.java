package dev.algotrader.cli.flink;

import dev.algotrader.cli.UserError;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock ({@code cluster.json.lock} next to the deployment record) held while a
 * start or restart checks the cluster and submits: two CLIs of one home (a retried Airflow task, a
 * second terminal) run one after the other, so the second sees the first's job. The OS releases it
 * when the process dies; there is nothing stale to clean up.
 */
final class DeploymentLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DeploymentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for and takes the lock of {@code deploymentFile}. */
    static DeploymentLock take(Path deploymentFile) {
        Path file = deploymentFile.resolveSibling(deploymentFile.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch =
                    FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new DeploymentLock(ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new UserError("another trader start of this process holds " + file);
        } catch (IOException e) {
            throw new UserError("cannot lock " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        }
    }
}
