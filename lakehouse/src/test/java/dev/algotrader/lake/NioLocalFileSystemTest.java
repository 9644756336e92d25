package dev.algotrader.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {

    @Test
    void modeBitsBecomeTheSamePosixPermissions() {
        assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0644)))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0755)))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(0)))
                .isEqualTo("---------");
    }

    @Test
    void filesAndFoldersGetHadoopsPermissionsWithoutAShell(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", "027");
        FileSystem fs = FileSystem.get(dir.toUri(), conf);
        assertThat(fs).isInstanceOf(NioLocalFileSystem.class);

        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri() + "/a/b");
        assertThat(fs.mkdirs(folder)).isTrue();
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(folder, "x.bin"))) {
            out.write(new byte[] {1, 2, 3});
        }

        // umask 027 on Hadoop's defaults 0777 (folders) and 0666 (files)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
                .isEqualTo("rwxr-x---");
        Path file = dir.resolve("a/b/x.bin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        // the checksum file of Hadoop's local file system is still written
        assertThat(dir.resolve("a/b/.x.bin.crc")).exists();
    }
}
